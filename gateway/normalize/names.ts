import { foldText, tidyText } from './text';

/**
 * Characters that show nothing in a name but change what an officer reads: format characters
 * (zero-width spaces and joiners, the soft hyphen, direction marks and overrides: U+202E turns "Hà"
 * around on screen; the byte-order mark; tag characters), controls other than whitespace (which is
 * a space), private-use and unassigned code points, the Hangul fillers that render as nothing,
 * variation selectors and the grapheme joiner (marks that only pick a glyph or join: "Nguyễn\uFE0F"
 * folded apart from Nguyễn; "Nguyễn\u034FVăn" showed as one word), and
 * lone surrogates (half a character). No Vietnamese name needs any of them; a name of nothing else
 * is no name.
 */
const INVISIBLE =
  /[\p{Cf}\p{Co}\p{Cn}\p{Cs}\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u115f\u1160\u3164\uffa0]|[\u034f\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;

/**
 * Invisible characters between the end of one word and the capital of the next ("Nguyễn\u200BVăn",
 * a form copied from a web page): a word break, kept as a space. Dropped instead, the two words
 * became one ("NguyễnVăn"), which folds to another name: another citizen, or a `name-mismatch`. A
 * lower-case letter then a capital never meet inside a Vietnamese word; between two lower-case
 * letters ("Tr\u200Bương") or in a name in capitals the characters are dropped as noise. A letter
 * may carry combining marks (NFD).
 */
const WORD_BREAK = new RegExp(`(\\p{Ll}\\p{M}*)(?:${INVISIBLE.source})+(?=\\p{Lu})`, 'gu');
/**
 * A name of printable Latin, Vietnamese and white space only holds none of INVISIBLE: tested first,
 * since INVISIBLE's Unicode classes cost about 250 ns a test (most of mapping's growth when they
 * came). Not the soft hyphen (U+00AD), the C1 controls, nor the grapheme joiner (U+034F).
 */
const PLAIN = /^(?:[\t\n\r\u0020-\u007e\u00a0-\u00ac\u00ae-\u024f\u1e00-\u1eff]|[\u0300-\u034e\u0350-\u036f])*$/;

/**
 * A person's name as stored: NFC, single-spaced, in the case the citizen wrote it, without invisible
 * characters. Never adds diacritics: "NGUYEN VAN AN" stays as it came. Empty when nothing visible is left.
 */
export function normalizeName(input: string): string {
  // Most names hold none: tested first, since a replace always makes a new string.
  return tidyText(PLAIN.test(input) ? input : input.replace(WORD_BREAK, '$1 ').replace(INVISIBLE, ''));
}

/**
 * The key two names are compared by: "Nguyễn Văn An", "NGUYỄN VĂN AN" (NFD or NFC), "NGUYEN VAN AN"
 * and "nguyen  van an" all fold to "nguyen van an". Used for joining, never shown.
 */
export function foldName(input: string): string {
  return foldText(input);
}
