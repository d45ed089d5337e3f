import assert from 'node:assert/strict';
import { foldText, tidyText, UNDECOMPOSED } from '../../gateway/normalize/text';

/** Tidying as it is defined: NFC, every run of white space one space, none around. */
function tidiedByUnicode(input: string): string {
  return input.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** One character folded as Unicode defines it: decomposed, the marks Vietnamese uses dropped, `đ` as `d` and the letters Unicode does not decompose as their base letters (the gateway's table of them), lower case. */
const foldedLetter = (c: string) =>
  [
    ...c
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐðÐ]/g, 'd'),
  ]
    .map((letter) => UNDECOMPOSED[letter] ?? letter)
    .join('')
    .toLowerCase();

/** Folding as it is defined, step by step: each character folded, then every run of what is neither a letter, a mark nor a digit one space. */
function foldedByUnicode(input: string): string {
  return foldedLetter(input)
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

describe('foldText: one key for the spellings of the same words', () => {
  it('folds labels, provinces and answers as the platforms write them', () => {
    assert.equal(foldText('Họ và tên'), 'ho va ten');
    assert.equal(foldText('TP. Hồ Chí Minh'), 'tp ho chi minh');
    assert.equal(foldText('Đắk Lắk'), 'dak lak');
    assert.equal(foldText('Nguyễn Văn An'.normalize('NFD')), 'nguyen van an');
    assert.equal(foldText('  SỐT,  HO  '), 'sot ho');
  });

  it('agrees with Unicode decomposition for every Latin and Vietnamese letter, alone and after each combining mark', () => {
    const letters = [...Array.from({ length: 0x370 }, (_, i) => i), ...Array.from({ length: 0x100 }, (_, i) => 0x1e00 + i)];
    for (const code of letters) {
      const letter = String.fromCharCode(code);
      assert.equal(foldText(letter), foldedByUnicode(letter), `U+${code.toString(16)}`);
      for (let mark = 0x0300; mark <= 0x036f; mark += 1) {
        const text = `${letter}${String.fromCharCode(mark)}a`;
        assert.equal(foldText(text), foldedByUnicode(text), `U+${code.toString(16)} U+${mark.toString(16)}`);
      }
    }
  });

  it('keeps the letters of other scripts as letters: two names in Chinese or Cyrillic fold apart, never both to nothing', () => {
    assert.equal(foldText('王小明'), '王小明');
    assert.notEqual(foldText('王小明'), foldText('李大华'));
    assert.equal(foldText('ИВАНОВ Иван'), 'иванов иван');
    assert.equal(foldText('Straße 12'), 'strasse 12');
  });

  it('writes the Latin letters Unicode does not decompose as their base letters: Łada is not Ada, Søren is SOREN', () => {
    assert.notEqual(foldText('Łada Nowak'), foldText('Ada Nowak'));
    assert.equal(foldText('Søren Ødegaard'), foldText('SOREN ODEGAARD'));
    assert.equal(foldText('Yılmaz Işık'), 'yilmaz isik');
    assert.equal(foldText('王小明 Øle'), '王小明 ole', 'alike whatever script stands beside them');
    assert.notEqual(foldText('Ŋada Nowak'), foldText('Ada Nowak'), 'a letter no table names is still a letter');
  });

  it('agrees with Unicode where the table does not reach: Greek final sigma, the Kelvin sign, dotted İ, a lone surrogate', () => {
    for (const text of ['ΣΟΦΙΑ Σ', 'K 300', 'İstanbul', 'Hà\ud800Nội', 'Ａｎ', 'Trần\u200bThị'])
      assert.equal(foldText(text), foldedByUnicode(text), text);
  });
});

describe('tidyText: the form a name or an address part is stored in', () => {
  it('composes a decomposed name and makes every run of white space one space', () => {
    assert.equal(tidyText(' Nguyễn\u00a0 Văn\tAn '.normalize('NFD')), 'Nguyễn Văn An');
    assert.equal(tidyText('12 Lê Lợi'), '12 Lê Lợi');
    assert.equal(tidyText('Phường\tBến Nghé'), 'Phường Bến Nghé');
  });

  it('agrees with NFC and the white-space rule for every Latin and Vietnamese letter before each combining mark and each space', () => {
    const letters = [...Array.from({ length: 0x370 }, (_, i) => i), ...Array.from({ length: 0x100 }, (_, i) => 0x1e00 + i)];
    const after = [...Array.from({ length: 0x70 }, (_, i) => 0x0300 + i), 0x20, 0x09, 0x0a, 0xa0, 0x2003, 0x3000, 0x41];
    for (const code of letters) {
      for (const next of after) {
        const text = `${String.fromCharCode(code)}${String.fromCharCode(next)}x`;
        assert.equal(tidyText(text), tidiedByUnicode(text), `U+${code.toString(16)} U+${next.toString(16)}`);
      }
    }
  });
});
