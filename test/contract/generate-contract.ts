/**
 * `npm run gen:contract`: writes the generated part of contracts/gateway.openapi.yaml (the
 * schemas/ files as components, contract-schemas.ts) and, with `--client`, then the typed client
 * contracts/client/gateway-api.d.ts from the contract (typed-client-source.ts). Writes a file only
 * when its text changes. test/contract/contract-drift.test.ts fails while either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../../gateway/project-paths';
import { withGeneratedSchemas } from './contract-schemas';
import { CLIENT_FILE, CONTRACT_FILE, renderTypedClient } from './typed-client-source';

function write(file: string, text: string): void {
  if (readFileSync(projectPath(file), { encoding: 'utf8', flag: 'a+' }) === text) return;
  writeFileSync(projectPath(file), text);
  process.stdout.write(`wrote ${file}\n`);
}

async function generate(): Promise<void> {
  write(CONTRACT_FILE, withGeneratedSchemas(readFileSync(projectPath(CONTRACT_FILE), 'utf8')));
  if (process.argv.includes('--client')) write(CLIENT_FILE, await renderTypedClient());
}

generate().catch((error: unknown) => {
  process.stderr.write(`gen:contract failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
