/**
 * Whether a caller's own id (a request id, a checkpoint id) has the shape of a personal number: 9
 * digits or more in a row once the separators between them are dropped, as a CMND, a CCCD or a
 * phone is written ("079185112237", "0912-345-678", "0912.345.678"). Such an id is never written in
 * a log line as it came: a checkpoint system may send the number it scanned.
 */
export function shapedAsPersonalNumber(id: string): boolean {
  return NINE_DIGITS.test(id.replace(SEPARATORS, ''));
}

/** A random UUID: its digits are chance, never a person's (its last group is all digits in one of about 300). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

const SEPARATORS = /[\s._-]/g;
const NINE_DIGITS = /\d{9}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
