import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../project-paths';

/**
 * contracts/gateway.openapi.yaml, as served at /openapi.json: read once. The document stands
 * alone: the schemas of schemas/ are copied into its components/schemas (npm run gen:contract, a
 * drift test keeps them equal), every reference is local, so any OpenAPI tool reads it as served.
 */
export function loadOpenApiDocument(): Record<string, any> {
  return parse(readFileSync(projectPath('contracts', 'gateway.openapi.yaml'), 'utf8'));
}
