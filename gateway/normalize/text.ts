/**
 * Text folding shared by names, labels, provinces and free-text answers.
 *
 * Folding removes what varies between platforms for the same words: case, diacritics (in NFC or
 * NFD), spacing and punctuation. `đ`/`Đ` is a letter of its own, not `d` plus a mark, so Unicode
 * decomposition leaves it alone: it is mapped to `d` explicitly.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const D_WITH_STROKE = /[đĐ]/g;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;
const SPACES = /\s+/g;

/** Lower case, no diacritics, `đ` as `d`, every run of non-alphanumerics as one space. */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_WITH_STROKE, 'd')
    .toLowerCase()
    .replace(NOT_ALPHANUMERIC, ' ')
    .trim();
}

/** NFC with single spaces and no surrounding space: the form a text is stored in. */
export function tidyText(input: string): string {
  return input.normalize('NFC').replace(SPACES, ' ').trim();
}
