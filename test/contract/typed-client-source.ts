import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { projectPath } from '../../gateway/project-paths';

export const CONTRACT_FILE = 'contracts/gateway.openapi.yaml';
export const CLIENT_FILE = 'contracts/client/gateway-api.d.ts';

/**
 * contracts/client/gateway-api.d.ts as openapi-typescript renders it from the contract, formatted
 * as the project formats TypeScript, so that `prettier --check` and the drift test agree.
 */
export async function renderTypedClient(): Promise<string> {
  const ast = await openapiTS(readFileSync(projectPath(CONTRACT_FILE), 'utf8'));
  const header = `// Generated from ${CONTRACT_FILE} by \`npm run gen:client\` (openapi-typescript): never edit by hand.\n`;
  const options = (await resolveConfig(projectPath(CLIENT_FILE))) ?? {};
  return format(header + astToString(ast), { ...options, filepath: projectPath(CLIENT_FILE) });
}
