import type { Contact } from '../domain/tracing';

/**
 * What a spreadsheet may read as a formula at the start of a cell (OWASP's CSV injection list, with
 * tab, CR and LF): also behind spaces (a no-break space too), invisible format characters and quotes,
 * which some spreadsheets skip, and in their full-width forms, which some fold to ASCII.
 */
const FORMULA_START = /^[\s\p{Cf}"']*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r\n]/u;

/**
 * A cell a spreadsheet shows as text and never runs: one that begins with a formula's first
 * character (FORMULA_START) is prefixed with a single quote; then quoted as RFC 4180 says (every cell
 * in double quotes, a double quote doubled).
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The contacts as CSV (RFC 4180: CRLF line ends, a header line), for a tracer's spreadsheet. Phones
 * are written as `tel:` URIs (RFC 3966, `tel:+84912345678`): a `+` first would be a formula, and a
 * number would lose its `+`, or a leading 0, to the spreadsheet; a `tel:` link is text, and a
 * softphone or a mobile dials it as it is. Several phones share their cell, separated by a space.
 * UTF-8 with a byte order mark, so that a spreadsheet reads the names' diacritics.
 */
export function contactsCsv(contacts: readonly Contact[]): string {
  const rows = [
    ['citizenId', 'fullName', 'phones'],
    ...contacts.map((c) => [c.citizenId, c.fullName ?? '', c.phones.map((phone) => `tel:${phone}`).join(' ')]),
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
