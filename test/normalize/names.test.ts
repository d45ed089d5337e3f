import assert from 'node:assert/strict';
import { foldName, normalizeName } from '../../gateway/normalize/names';

describe('names', () => {
  it('stores a decomposed (NFD) name in precomposed form (NFC)', () => {
    const nfd = 'Nguyễn Văn An'.normalize('NFD');
    assert.notEqual(nfd, 'Nguyễn Văn An');
    assert.equal(normalizeName(nfd), 'Nguyễn Văn An');
  });

  it('drops what shows nothing but changes what an officer reads: zero-width, direction marks and overrides, lone surrogates', () => {
    assert.equal(normalizeName('Trần\u200B Thị\u202E Bình\u200F'), 'Trần Thị Bình');
    assert.equal(normalizeName('Lê\uD800 Thị Chi\uDC00'), 'Lê Thị Chi');
    assert.equal(normalizeName('Nguyễn 🇻🇳 An'), 'Nguyễn 🇻🇳 An', 'a whole emoji is visible, and kept');
    assert.equal(normalizeName('\u200B\u202E'), '');
  });

  it('leaves nothing of a name made of what shows nothing: a soft hyphen, an Arabic letter mark, a Hangul filler, tag characters, a control', () => {
    for (const blank of [
      '\u00AD',
      '\u061C',
      '\u3164',
      '\u{E0041}\u{E0042}',
      '\u200B\u00AD',
      '\u0007',
      '\uE000',
      '\uFE0F\uFE0F',
      '\u{E0100}',
    ])
      assert.equal(normalizeName(blank), '', JSON.stringify(blank));
    assert.equal(normalizeName('Lê\u00ADThị Hà'), 'Lê Thị Hà');
    assert.equal(normalizeName('Nguyễn\uFE0F Văn An'), 'Nguyễn Văn An', 'a variation selector only picks a glyph');
    assert.equal(normalizeName('Nguyễn\u034F Văn An'), 'Nguyễn Văn An', 'nor does the grapheme joiner show');
    assert.equal(normalizeName('Lê\tThị\nHà'), 'Lê Thị Hà', 'white space is a space, never dropped');
  });

  it('reads invisible characters between a word and the capital of the next as a word break, so the name folds as written', () => {
    assert.equal(normalizeName('Nguyễn\u200BVăn\u200B\u200EAn'), 'Nguyễn Văn An');
    assert.equal(normalizeName('Lê\u200BThị Hà'.normalize('NFD')), 'Lê Thị Hà');
    assert.equal(foldName(normalizeName('Đặng\u2060Thị\uFEFFThu')), 'dang thi thu');
    // Inside a word, or in a name in capitals, they are dropped as noise.
    assert.equal(normalizeName('Tr\u200Bương Thị Hồng'), 'Trương Thị Hồng');
    assert.equal(normalizeName('NGUYỄN\u200BVĂN AN'), 'NGUYỄNVĂN AN');
  });

  it('keeps the case and the missing diacritics as the citizen wrote them', () => {
    assert.equal(normalizeName('  NGUYEN   VAN  AN '), 'NGUYEN VAN AN');
  });

  it('folds case, diacritics, NFD and spacing to one matching key', () => {
    const spellings = ['Nguyễn Văn An', 'NGUYỄN VĂN AN', 'Nguyễn Văn An'.normalize('NFD'), 'NGUYEN VAN AN', ' nguyen  van an'];
    for (const spelling of spellings) assert.equal(foldName(spelling), 'nguyen van an');
  });

  it('folds đ and Đ to d, which Unicode decomposition does not do', () => {
    assert.equal('Đặng'.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), 'Đang');
    assert.equal(foldName('Đặng Ngọc Đức'), 'dang ngoc duc');
    assert.equal(foldName('ĐINH THỊ ĐÀO'.normalize('NFD')), 'dinh thi dao');
  });

  it('folds Ð and ð (the eth, U+00D0 and U+00F0, as Windows-1258 text decoded as Latin-1 carries Đ and đ) to d', () => {
    assert.equal(foldName('Ðỗ Văn Khoa'), foldName('Đỗ Văn Khoa'));
    assert.equal(foldName('Nguyễn Thị ðào'.normalize('NFD')), 'nguyen thi dao');
  });

  it('does not fold two different names together', () => {
    assert.notEqual(foldName('Ngô Thị Lan'), foldName('Ngô Văn Nam'));
  });
});
