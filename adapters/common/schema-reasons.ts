import type { ErrorObject } from 'ajv';
import type { RefusalReason } from './adapter-types';

/** ajv's errors as refusal reasons: the pointer of the field at fault and a message to act on. */
export function schemaReasons(errors: ErrorObject[] | null | undefined): RefusalReason[] {
  // `if`/`then` report the branch as well as the field at fault: the field is enough.
  return (errors ?? []).filter((e) => e.keyword !== 'if').map(schemaReason);
}

function schemaReason(error: ErrorObject): RefusalReason {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${error.instancePath}/${pointerToken(String(params.missingProperty))}`,
        code: 'missing',
        message: 'is required: the platform always sends this field',
      };
    case 'type':
      return { pointer: error.instancePath, code: 'wrong-type', message: `must be of type ${String(params.type).replace(',', ' or ')}` };
    case 'enum':
      return {
        pointer: error.instancePath,
        code: 'not-allowed',
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'additionalProperties':
      // ajv points at the object; the reason is about the member it does not know, so it names that one.
      return {
        pointer: `${error.instancePath}/${pointerToken(String(params.additionalProperty))}`,
        code: 'bad-format',
        message: 'is not a field here: the schema defines no such member',
      };
    case 'const':
      return { pointer: error.instancePath, code: 'not-allowed', message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { pointer: error.instancePath, code: 'bad-format', message: error.message ?? `fails the ${error.keyword} rule` };
  }
}

/** A member name as one JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`). */
function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
