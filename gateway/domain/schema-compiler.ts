import Ajv2020, { type FormatDefinition, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';

/**
 * One ajv instance for the schemas' validators, with every error reported (a refusal lists all its
 * reasons) and formats checked (quick-schema-check.ts keeps a second, `unicode: false`, for its quick
 * first look, which the validators here decide after). Schemas are compiled once, when the module
 * that owns them loads.
 * (allErrors costs nothing on a valid record, measured here: it only collects what a refusal shows.)
 */
// strictRequired is off: an `if`/`then` branch may require a property that the main schema defines.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addGatewayFormats(ajv);

type StringFormat = FormatDefinition<string> & { validate: (value: string) => boolean };

/**
 * ajv-formats' formats, with `date` and `date-time` as ajv-formats checks them but a shortcut for
 * the shapes the gateway writes (`2021-08-15`, `2021-08-15T07:45:00+07:00`): a third of a canonical
 * declaration's check went to ajv-formats' regular expressions and string splits for them. The
 * shortcut only ever says yes where ajv-formats would (a real date, a time of day within 23:59:59);
 * anything else, a leap second included, goes to ajv-formats itself, so a value is accepted or
 * refused as before. Every ajv instance of the gateway gets these (quick-schema-check.ts has one).
 */
export function addGatewayFormats(instance: Ajv2020): void {
  addFormats(instance);
  const fullDate = fullFormats.date as StringFormat;
  const fullDateTime = fullFormats['date-time'] as StringFormat;
  instance.addFormat('date', { ...fullDate, validate: (value: string) => isWrittenDate(value) || fullDate.validate(value) });
  instance.addFormat('date-time', {
    ...fullDateTime,
    validate: (value: string) => isWrittenIctTime(value) || fullDateTime.validate(value),
  });
}

export function compileSchema<T = unknown>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** `yyyy-MM-dd`, a day that exists (RFC 3339's full-date, with its leap years). */
export function isWrittenDate(value: string): boolean {
  return value.length === 10 && isDateAt(value);
}

/** `yyyy-MM-ddTHH:mm:ss+07:00` or with `.SSS`, a day that exists and a time of day up to 23:59:59. */
export function isWrittenIctTime(value: string): boolean {
  const withMillis = value.length === 29;
  if (!(value.length === 25 || withMillis) || !isDateAt(value) || value.charCodeAt(10) !== 0x54 /* T */) return false;
  if (!hasDigits(value, 11, 13) || value[13] !== ':' || !hasDigits(value, 14, 16) || value[16] !== ':' || !hasDigits(value, 17, 19))
    return false;
  if (withMillis && (value[19] !== '.' || !hasDigits(value, 20, 23))) return false;
  if (!value.endsWith('+07:00')) return false;
  return twoDigits(value, 11) <= 23 && twoDigits(value, 14) <= 59 && twoDigits(value, 17) <= 59;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Whether `value` starts with `yyyy-MM-dd` naming a day that exists. */
function isDateAt(value: string): boolean {
  if (!hasDigits(value, 0, 4) || value[4] !== '-' || !hasDigits(value, 5, 7) || value[7] !== '-' || !hasDigits(value, 8, 10)) return false;
  const year = Number(value.slice(0, 4));
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number));
}

function hasDigits(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 0x30) * 10 + (value.charCodeAt(at + 1) - 0x30);
}
