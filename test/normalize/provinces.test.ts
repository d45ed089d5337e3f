import assert from 'node:assert/strict';
import { PROVINCES, provinceCode } from '../../gateway/normalize/provinces';

const code = (input: string | number): string | undefined => {
  const parsed = provinceCode(input);
  return parsed.ok ? parsed.value : undefined;
};

describe('provinces', () => {
  it('holds the 63 provincial units of 2021, each with a unique two-digit code', () => {
    assert.equal(PROVINCES.length, 63);
    assert.equal(new Set(PROVINCES.map((p) => p.code)).size, 63);
  });

  it('reads a code, a CCCD-style code and a number (1 is 01)', () => {
    assert.equal(code('79'), '79');
    assert.equal(code('079'), '79');
    assert.equal(code(1), '01');
    assert.equal(code(74), '74');
  });

  it('reads a name with or without its prefix and diacritics, in NFC or NFD', () => {
    for (const name of ['TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh', 'Hồ Chí Minh', 'Ho Chi Minh', 'TP Hồ Chí Minh'.normalize('NFD')]) {
      assert.equal(code(name), '79', name);
    }
    assert.equal(code('Tỉnh Bình Dương'), '74');
    assert.equal(code('Binh Duong'), '74');
  });

  it('reads the short names HCM and TP.HCM', () => {
    assert.equal(code('HCM'), '79');
    assert.equal(code('TP.HCM'), '79');
    assert.equal(code('TPHCM'), '79');
  });

  it('reads every province by its own name and its folded name', () => {
    for (const { code: expected, name } of PROVINCES) {
      assert.equal(code(name), expected, name);
      assert.equal(
        code(
          name
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/[đĐ]/g, 'd'),
        ),
        expected,
        name,
      );
    }
  });

  it('treats the two placements of a tone mark (Hoà, Hòa) as one name', () => {
    assert.equal(code('Hòa Bình'), '17');
    assert.equal(code('Khánh Hoà'), '56');
  });

  it('refuses "ĐN", the short name of Đà Nẵng, Đồng Nai and Đắk Nông alike, naming the three, rather than choosing one', () => {
    for (const spelling of ['ĐN', 'Đn', 'DN', 'ĐN'.normalize('NFD'), 'Tỉnh ĐN']) {
      const parsed = provinceCode(spelling);
      assert.equal(parsed.ok, false, spelling);
    }
    const parsed = provinceCode('ĐN');
    assert.ok(!parsed.ok && /Đà Nẵng, Đồng Nai, Đắk Nông/.test(parsed.message), JSON.stringify(parsed));
    assert.equal(code('Đà Nẵng'), '48');
    assert.equal(code('Đồng Nai'), '75');
  });

  it('refuses a number that is not a code and a name that matches nothing', () => {
    assert.equal(code(3), undefined);
    assert.equal(code(99), undefined);
    assert.equal(code('Sài Gòn Mới'), undefined);
  });

  it('never repeats the submitted text or number in its refusal message (a free-text address can hold a name and a phone)', () => {
    const address = '12 Lê Lợi, Nguyễn Văn An, 0912 345 678';
    for (const input of [address, address.normalize('NFD'), '099', 99]) {
      const parsed = provinceCode(input);
      assert.ok(!parsed.ok);
      for (const part of ['Lê Lợi', 'Nguyễn Văn An', '0912 345 678', '99'])
        assert.ok(!parsed.message.includes(part), `${parsed.message} repeats ${part}`);
    }
  });
});
