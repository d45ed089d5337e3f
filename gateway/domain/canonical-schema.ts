import type { ErrorObject } from 'ajv';
import schema from '../../schemas/canonical-declaration.v1.schema.json';
import type { CanonicalDeclaration } from './canonical-declaration';
import { compileSchema } from './schema-compiler';

export const canonicalSchema = schema;

/** The canonical declaration v1 validator, compiled once. */
export const validateCanonical = compileSchema<CanonicalDeclaration>(schema);

/** The errors of the last failed validation as `pointer message` lines, for tests and diagnostics. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
