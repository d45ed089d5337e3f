import assert from 'node:assert/strict';
import { decodeCccd, mask, parseDocument } from '../../gateway/normalize/documents';

describe('identity documents', () => {
  it('decodes a CCCD: province of birth, sex and birth year', () => {
    assert.deepEqual(decodeCccd('079085001234'), { ok: true, value: { provinceCode: '79', sex: 'male', birthYear: 1985 } });
    assert.deepEqual(decodeCccd('001192004567'), { ok: true, value: { provinceCode: '01', sex: 'female', birthYear: 1992 } });
  });

  it('reads the century from the 4th digit: 2 and 3 are men and women born in the 2000s', () => {
    assert.deepEqual(decodeCccd('031201003456'), { ok: true, value: { provinceCode: '31', sex: 'male', birthYear: 2001 } });
    assert.deepEqual(decodeCccd('048303001122'), { ok: true, value: { provinceCode: '48', sex: 'female', birthYear: 2003 } });
  });

  it('refuses a 12-digit number whose first digits are no province', () => {
    assert.equal(decodeCccd('099085001234').ok, false);
    assert.equal(decodeCccd('179085001234').ok, false);
  });

  it('classifies a number by its shape: 12 digits CCCD, 9 digits CMND, letter and 7 digits passport', () => {
    assert.deepEqual(parseDocument('079085001234'), { ok: true, value: { system: 'vn-cccd', value: '079085001234' } });
    assert.deepEqual(parseDocument('201 234 567'), { ok: true, value: { system: 'vn-cmnd', value: '201234567' } });
    assert.deepEqual(parseDocument('b1234567'), { ok: true, value: { system: 'passport', value: 'B1234567' } });
  });

  it('refuses a number that does not have the shape of the type the platform declared', () => {
    assert.equal(parseDocument('201234567', 'vn-cccd').ok, false);
    assert.equal(parseDocument('079085001234', 'vn-cmnd').ok, false);
    assert.equal(parseDocument('12345678', 'passport').ok, false);
  });

  it("takes a passport of digits alone as a foreigner's when the record names a foreign nationality (a US passport), and refuses it for a Vietnamese or no nationality", () => {
    assert.deepEqual(parseDocument('505 123 456', 'passport', 'US'), { ok: true, value: { system: 'passport', value: '505123456' } });
    assert.deepEqual(parseDocument('7512345678', 'passport', 'RU'), { ok: true, value: { system: 'passport', value: '7512345678' } });
    assert.equal(parseDocument('505123456', 'passport', 'VN').ok, false);
    assert.equal(parseDocument('505123456', 'passport').ok, false);
    assert.equal(parseDocument('505123456', 'passport', 'ZZ').ok, false);
    // Without a stated type, nine digits are still a CMND: the shape decides, as before.
    assert.deepEqual(parseDocument('505123456', undefined, 'US'), { ok: true, value: { system: 'vn-cmnd', value: '505123456' } });
  });

  it('refuses a number of no known shape', () => {
    assert.equal(parseDocument('12345').ok, false);
  });

  it('masks all but the last three characters', () => {
    assert.equal(mask('079085001234'), '*********234');
  });
});
