import { foldText, tidyText } from './text';

/**
 * Characters that show nothing in a name but change what an officer reads: zero-width spaces and
 * joiners, direction marks and overrides (U+202E turns "Hà" around on screen), the byte-order mark,
 * and lone surrogates (half a character). No Vietnamese name needs any of them.
 */
const INVISIBLE =
  /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A person's name as stored: NFC, single-spaced, in the case the citizen wrote it, without invisible
 * characters. Never adds diacritics: "NGUYEN VAN AN" stays as it came. Empty when nothing visible is left.
 */
export function normalizeName(input: string): string {
  return tidyText(input.replace(INVISIBLE, ''));
}

/**
 * The key two names are compared by: "Nguyễn Văn An", "NGUYỄN VĂN AN" (NFD or NFC), "NGUYEN VAN AN"
 * and "nguyen  van an" all fold to "nguyen van an". Used for joining, never shown.
 */
export function foldName(input: string): string {
  return foldText(input);
}
