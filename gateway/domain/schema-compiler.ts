import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * One ajv instance for the process, with every error reported (a refusal lists all its reasons)
 * and formats checked. Schemas are compiled once, when the module that owns them loads.
 */
// strictRequired is off: an `if`/`then` branch may require a property that the main schema defines.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);

export function compileSchema<T = unknown>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}
