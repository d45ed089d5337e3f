import { compile } from 'json-schema-to-typescript';
import type { JSONSchema4 } from 'json-schema';
import schema from '../../schemas/canonical-declaration.v1.schema.json';

/**
 * Renders the TypeScript source of a type from its JSON Schema, with a banner naming the schema.
 * `withDefinitions` also renders the `$defs` no property refers to (a request body beside the stored form).
 */
export async function renderSchemaType(source: object, typeName: string, schemaFile: string, withDefinitions = false): Promise<string> {
  const banner = [
    `/* Generated from ${schemaFile} by \`npm run gen:types\`. Do not edit:`,
    ' * change the schema and regenerate; a test fails when this file and the schema disagree. */',
  ].join('\n');
  return compile(source as unknown as JSONSchema4, typeName, {
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: withDefinitions,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}

/**
 * Renders the TypeScript source of the canonical declaration type from its JSON Schema: the
 * committed one, or the one `npm run gen:types` is about to write (its enums fresh from the registry).
 */
export function renderCanonicalType(source: object = schema): Promise<string> {
  return renderSchemaType(source, 'CanonicalDeclaration', 'schemas/canonical-declaration.v1.schema.json');
}
