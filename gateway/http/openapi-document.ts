import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { canonicalSchema } from '../domain/canonical-schema';

/**
 * contracts/gateway.openapi.yaml, as served at /openapi.json: read once, with the canonical
 * schema embedded where the YAML refers to it by its $id, so the JSON stands alone.
 */
export function loadOpenApiDocument(): Record<string, any> {
  const document = parse(readFileSync(join(__dirname, '..', '..', 'contracts', 'gateway.openapi.yaml'), 'utf8'));
  document.components.schemas.CanonicalDeclaration = canonicalSchema;
  return document;
}
