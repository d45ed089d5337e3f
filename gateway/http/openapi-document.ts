import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { canonicalSchema } from '../domain/canonical-schema';
import { projectPath } from '../project-paths';

/**
 * contracts/gateway.openapi.yaml, as served at /openapi.json: read once, with the canonical
 * schema embedded where the YAML refers to it by its $id, so the JSON stands alone.
 */
export function loadOpenApiDocument(): Record<string, any> {
  const document = parse(readFileSync(projectPath('contracts', 'gateway.openapi.yaml'), 'utf8'));
  document.components.schemas.CanonicalDeclaration = canonicalSchema;
  return document;
}
