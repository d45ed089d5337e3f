import { compile } from 'json-schema-to-typescript';
import type { JSONSchema4 } from 'json-schema';
import schema from '../../schemas/canonical-declaration.v1.schema.json';

const banner = [
  '/* Generated from schemas/canonical-declaration.v1.schema.json by `npm run gen:types`. Do not edit:',
  ' * change the schema and regenerate; a test fails when this file and the schema disagree. */',
].join('\n');

/**
 * Renders the TypeScript source of the canonical declaration type from its JSON Schema: the
 * committed one, or the one `npm run gen:types` is about to write (its enums fresh from the registry).
 */
export async function renderCanonicalType(source: object = schema): Promise<string> {
  return compile(source as unknown as JSONSchema4, 'CanonicalDeclaration', {
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}
