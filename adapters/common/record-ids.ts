import type { Identifier } from '../../gateway/domain/canonical-declaration';

/**
 * A platform's record id is opaque: the gateway accepts any the platform issues, not only the shape
 * of the one example in its documentation, so that a platform changing its format one morning
 * does not have every record refused and its QR codes stop resolving. What an id may be: 1 to 64
 * letters (either case), digits, `-`, `_`, `.` and `:`, with at least one letter or digit (an id of
 * dots alone would be a `.` or `..` step in a lookup URL). The native schemas say the same in JSON
 * Schema (contracts/platform-rules.md lists every rule, real or tolerant).
 */
export const OPAQUE_ID = /^(?![._:-]+$)[A-Za-z0-9._:-]{1,64}$/;

/**
 * The same without `:`, for the ids that sit between `:` separators in a QR text
 * (`ZLHD:{oa_id}:{submission_id}`, `SC:{city}:{reportId}`): there a `:` would split the id.
 */
export const OPAQUE_ID_WITHOUT_COLON = /^(?![._-]+$)[A-Za-z0-9._-]{1,64}$/;

/**
 * A 12-digit number standing alone (the whole id, or between non-digits): the shape of the personal
 * identification number C06 is keyed by. A C06 passage code is shown in a QR, and a QR must never
 * carry that number, so a code holding one is refused even though codes are otherwise opaque.
 */
export const HOLDS_PERSONAL_NUMBER = /(?:^|\D)\d{12}(?:\D|$)/;

/** Why a record id carrying the person's number is refused (carriesPersonalNumber), wherever the record came in. */
export const PERSONAL_NUMBER_IN_ID = "must not hold the person's document number or phone: the record id is shown in QR codes";

/**
 * Whether a record id carries one of the person's own numbers, however separated: their CCCD or
 * CMND, or their phone (its last nine digits, the national number). A platform's record id is shown
 * in its QR code, and a QR never carries personal data: "C06-0790-8500-1234" held the CCCD
 * 079085001234 past HOLDS_PERSONAL_NUMBER, which sees only an unbroken run (hostile probe).
 */
export function carriesPersonalNumber(recordId: string, identifiers: readonly Identifier[]): boolean {
  for (const { system, value } of identifiers) {
    // A CCCD's or CMND's value is its digits (cleanedIdentifier); a phone's, E.164 where it read as one.
    const number = system === 'phone' ? phoneTail(value) : system === 'vn-cccd' || system === 'vn-cmnd' ? value : '';
    if (number.length >= 9 && holdsDigits(recordId, number)) return true;
  }
  return false;
}

/** A phone's last nine digits (its national number): an E.164 value's last nine characters, else its digits'. */
function phoneTail(value: string): string {
  const tail = value.slice(-9);
  return NINE_DIGITS.test(tail) ? tail : value.replace(NOT_DIGIT, '').slice(-9);
}

const NINE_DIGITS = /^\d{9}$/;
const NOT_DIGIT = /\D/g;

/**
 * Whether `digits` stand in a row among the digits of `text`, whatever lies between them; without
 * making the string of those digits (a regular-expression replace a record was 1% of mapping).
 */
function holdsDigits(text: string, digits: string): boolean {
  const first = digits.charCodeAt(0);
  for (let start = 0; start <= text.length - digits.length; start += 1) {
    if (text.charCodeAt(start) !== first) continue;
    let matched = 1;
    for (let i = start + 1; i < text.length && matched < digits.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) continue;
      if (code !== digits.charCodeAt(matched)) break;
      matched += 1;
    }
    if (matched === digits.length) return true;
  }
  return false;
}
