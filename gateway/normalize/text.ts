/**
 * Text folding shared by names, labels, provinces and free-text answers.
 *
 * Folding removes what varies between platforms for the same words: case, diacritics (in NFC or
 * NFD), spacing and punctuation. `đ`/`Đ` is a letter of its own, not `d` plus a mark, so Unicode
 * decomposition leaves it alone: it is mapped to `d` explicitly. So are `Ð`/`ð` (U+00D0, U+00F0,
 * the eth): Windows-1258 writes `Đ`/`đ` as bytes 0xD0/0xF0, and a text decoded as Latin-1 on the
 * way carries them instead; `Ðỗ Văn Khoa` is Đỗ Văn Khoa.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const D_WITH_STROKE = /[đĐðÐ]/g;
/**
 * Latin letters Unicode does not decompose, as their base letters (as `đ` is `d`): read as
 * punctuation, "Łada Nowak" folded to "ada nowak", Ada Nowak's key, and one phone joined the two
 * (hostile probe); "Søren" and "SOREN" were two names.
 */
export const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ı: 'i',
  þ: 'th',
  Þ: 'th',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ŀ: 'l',
  Ŀ: 'l',
};
const UNDECOMPOSED_LETTER = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');
/**
 * What separates words: anything that is neither a letter (of any script: 王小明, Ким, ŋ), a mark
 * nor a digit. `[^a-z0-9]` dropped other scripts as punctuation: two Chinese names folded alike to
 * nothing, and one phone joined two people; and a Latin letter Unicode does not decompose and
 * UNDECOMPOSED does not name ("Ŋada") folded to a space, its name to another's. A key stored before
 * changes only where such letters stand.
 */
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu;
const SPACES = /\s+/g;

/** Lower case, no diacritics, `đ` as `d`, every run of what is neither a letter nor a digit as one space (NOT_LETTER_OR_DIGIT). */
export function foldText(input: string): string {
  const latin = foldLatin(input);
  return (
    latin === undefined ? foldLetters(input).replace(NOT_LETTER_OR_DIGIT, ' ') : latin.replace(LATIN_NOT_LETTER_OR_DIGIT, ' ')
  ).trim();
}

/** Folding's per-character steps, as Unicode defines them: decomposed, marks dropped, `đ` as `d` (and UNDECOMPOSED), lower case. */
function foldLetters(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_WITH_STROKE, 'd')
    .replace(UNDECOMPOSED_LETTER, (letter) => UNDECOMPOSED[letter] as string)
    .toLowerCase();
}

/**
 * The same steps for Latin letters (Vietnamese among them) and the marks Vietnamese uses, looked
 * up in a table built from `foldLetters` itself, so the two cannot disagree: labels, provinces and
 * answers are folded many times a record, and ICU's decomposition was the larger part of it. A
 * character of each range folds on its own (nothing it leaves can combine with or reorder against
 * its neighbours), hence the check that what it leaves is below the combining marks.
 */
const LATIN_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x036f], // Basic Latin to Latin Extended-B, IPA, modifier letters, combining diacritical marks
  [0x1e00, 0x1eff], // Latin Extended Additional: Vietnamese's precomposed letters
];
/** Indexed by UTF-16 code unit up to the end of the last range; a hole is a character folded by `foldLetters`. */
const LATIN_FOLDS: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = new Array<string | undefined>(0x1f00).fill(undefined);
  for (const [first, last] of LATIN_RANGES) {
    for (let code = first; code <= last; code += 1) {
      const folded = foldLetters(String.fromCharCode(code));
      if ([...folded].every((c) => c.charCodeAt(0) < 0x0300)) table[code] = folded;
    }
  }
  return table;
})();

/**
 * NOT_LETTER_OR_DIGIT for what the table folds to (below U+0300), as ranges without the Unicode
 * flag: the same runs, cheaper (callgrind: mapping 87,043 -> 86,628 instructions a record). Built
 * from NOT_LETTER_OR_DIGIT itself, so the two cannot disagree.
 */
const LATIN_NOT_LETTER_OR_DIGIT: RegExp = (() => {
  const ranges: string[] = [];
  const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
  const separates = new RegExp(NOT_LETTER_OR_DIGIT.source, 'u');
  let start = -1;
  for (let code = 0; code <= 0x300; code += 1) {
    const kept = code < 0x300 && !separates.test(String.fromCharCode(code));
    if (kept && start < 0) start = code;
    if (!kept && start >= 0) {
      ranges.push(start === code - 1 ? hex(start) : `${hex(start)}-${hex(code - 1)}`);
      start = -1;
    }
  }
  return new RegExp(`[^${ranges.join('')}]+`, 'g');
})();

/** `foldLetters(input)` when every character is in the table; otherwise undefined. */
function foldLatin(input: string): string | undefined {
  let out = '';
  for (let i = 0; i < input.length; i += 1) {
    const folded = LATIN_FOLDS[input.charCodeAt(i)];
    if (folded === undefined) return undefined;
    out += folded;
  }
  return out;
}

/**
 * Characters no NFC step changes or combines with a neighbour: Latin to IPA, and the precomposed
 * Latin letters (Vietnamese's). A text of these only is NFC already, and `normalize` is skipped.
 */
const NFC_STABLE = /^[\u0000-\u02ff\u1e00-\u1eff]*$/;
/** What `SPACES` would change: two spaces in a row, or one that is not U+0020. */
const UNTIDY_SPACE = /\s\s|[^\S ]/;

/**
 * NFC with single spaces and no surrounding space: the form a text is stored in. Names and address
 * parts are tidied several times a record and most are tidy already: each step runs only when it
 * would change something (a replace always makes a new string).
 */
export function tidyText(input: string): string {
  const composed = NFC_STABLE.test(input) ? input : input.normalize('NFC');
  return (UNTIDY_SPACE.test(composed) ? composed.replace(SPACES, ' ') : composed).trim();
}
