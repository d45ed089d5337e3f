import type { ErrorObject } from 'ajv';
import type { RefusalReason } from './adapter-types';

/**
 * Reasons a refusal lists at most. A record of 60,000 bad list items (240 KB) was answered 60,000
 * reasons (10.5 MB), and a batch of such lines took the process's heap (a line answered 40 times its
 * size): past this, the reasons are counted, not listed.
 */
export const MAX_REASONS = 100;

/** The reason that stands for those past MAX_REASONS. */
export function moreReasons(count: number): RefusalReason {
  return {
    pointer: '',
    code: 'bad-format',
    message: `and ${count} more reasons: only the first ${MAX_REASONS} are listed; fix those and send the record again`,
  };
}

/**
 * ajv's errors as refusal reasons: the pointer of the field at fault and a message to act on; at most
 * `max`, then one for the rest. `required` says why a missing member is wanted (a platform's record:
 * the platform always sends it).
 */
export function schemaReasons(errors: ErrorObject[] | null | undefined, max = MAX_REASONS, required = 'is required'): RefusalReason[] {
  // `if`/`then` report the branch as well as the field at fault: the field is enough.
  const relevant = (errors ?? []).filter((e) => e.keyword !== 'if');
  const reason = (error: ErrorObject) => schemaReason(error, required);
  if (relevant.length <= max) return relevant.map(reason);
  return [...relevant.slice(0, max).map(reason), moreReasons(relevant.length - max)];
}

function schemaReason(error: ErrorObject, required: string): RefusalReason {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${error.instancePath}/${pointerToken(String(params.missingProperty))}`, code: 'missing', message: required };
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
    // The validator's own words for these read as its internals ("must match exactly one schema in oneOf").
    case 'oneOf':
    case 'anyOf':
      return { pointer: error.instancePath, code: 'bad-format', message: 'is none of the forms this field takes (see the API document)' };
    case 'minItems':
      return { pointer: error.instancePath, code: 'bad-format', message: `must hold at least ${String(params.limit)} item(s)` };
    case 'maxItems':
      return { pointer: error.instancePath, code: 'bad-format', message: `must hold at most ${String(params.limit)} item(s)` };
    case 'minLength':
      return { pointer: error.instancePath, code: 'bad-format', message: `must be at least ${String(params.limit)} character(s) long` };
    case 'maxLength':
      return { pointer: error.instancePath, code: 'bad-format', message: `must be at most ${String(params.limit)} character(s) long` };
    case 'pattern':
      return {
        pointer: error.instancePath,
        code: 'bad-format',
        message: `is not in this field's form (pattern ${String(params.pattern)})`,
      };
    default:
      return { pointer: error.instancePath, code: 'bad-format', message: error.message ?? `fails the ${error.keyword} rule` };
  }
}

/**
 * A body's member that the schema's reasons say nothing of, when it is text: what the member's own
 * checks can still judge beside them, so that a request is told every reason at once and not only
 * the schema's (a malformed venue id hid a notice's `to` two days ahead).
 */
export function unjudgedText(body: unknown, member: string, reasons: readonly { pointer: string }[]): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[member] : undefined;
  return typeof value === 'string' && !reasons.some((reason) => reason.pointer === `/${member}`) ? value : undefined;
}

/** A member name as one JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`). */
function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
