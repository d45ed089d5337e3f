import assert from 'node:assert/strict';
import { goldenNative, ids, mapAccepted, mapRefused, pointers } from '../support/mapping';

const example = () => goldenNative('tokhaiyte', '01');

describe('tokhaiyte mapping', () => {
  it('keeps a year-only birth date as the year', () => {
    assert.equal(mapAccepted('tokhaiyte', example()).subject.birthDate, '1985');
  });

  it('accepts a tokhaiyte record whose birth year disagrees with its CCCD, with the id-birthyear-mismatch flag', () => {
    const declaration = mapAccepted('tokhaiyte', { ...example(), nam_sinh: 1986 });
    assert.deepEqual(declaration.quality.flags, ['id-birthyear-mismatch']);
  });

  it('accepts a record whose sex disagrees with its CCCD, with the id-sex-mismatch flag', () => {
    assert.deepEqual(mapAccepted('tokhaiyte', { ...example(), gioi_tinh: 'Nữ' }).quality.flags, ['id-sex-mismatch']);
  });

  it('reads Nữ and Việt Nam whether they arrive in NFC or NFD', () => {
    const declaration = mapAccepted('tokhaiyte', {
      ...example(),
      so_giay_to: '079185001234',
      gioi_tinh: 'Nữ'.normalize('NFD'),
      quoc_tich: 'Việt Nam'.normalize('NFD'),
    });
    assert.equal(declaration.subject.sex, 'female');
    assert.equal(declaration.subject.nationality, 'VN');
  });

  it('maps every vehicle of the form', () => {
    const vehicles = { TAU_BAY: 'plane', TAU_THUYEN: 'ship', O_TO: 'road', TAU_HOA: 'train', KHAC: 'other' };
    for (const [native, canonical] of Object.entries(vehicles)) {
      const record = example();
      record.di_chuyen.phuong_tien = native;
      assert.equal(mapAccepted('tokhaiyte', record).travel?.vehicle, canonical);
    }
  });

  it('reads the first exposure question (a sick or suspected person) at its strongest: a confirmed case', () => {
    const record = example();
    record.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = true;
    assert.deepEqual(mapAccepted('tokhaiyte', record).health?.exposures, ['confirmed-case']);
  });

  it('refuses a 9-digit number declared as a CCCD, naming the field', () => {
    const reasons = mapRefused('tokhaiyte', { ...example(), so_giay_to: '201234567' });
    assert.deepEqual(pointers(reasons), ['/so_giay_to']);
    assert.equal(reasons[0]!.code, 'invalid-document');
  });

  it("accepts an American's declaration with the passport of digits alone that the form states (HO_CHIEU), joined by passport and nationality", () => {
    const visitor = { ...example(), loai_giay_to: 'HO_CHIEU', so_giay_to: '505123456', quoc_tich: 'Hoa Kỳ', ho_ten: 'John Smith' };
    const declaration = mapAccepted('tokhaiyte', visitor);
    assert.equal(declaration.subject.nationality, 'US');
    assert.deepEqual(ids(declaration)[0], { system: 'passport', value: '505123456' });
    // The same digits stated as a Vietnamese's passport are no passport: a CMND under the wrong type, refused at the field.
    assert.deepEqual(pointers(mapRefused('tokhaiyte', { ...visitor, quoc_tich: 'Việt Nam' })), ['/so_giay_to']);
  });

  it('refuses with every reason at once: a missing name, 31 February, a bad phone', () => {
    const record = { ...example(), thoi_gian_khai_bao: '31/02/2021 07:45', dien_thoai: '12345' };
    delete record.ho_ten;
    assert.deepEqual(pointers(mapRefused('tokhaiyte', record)).sort(), ['/dien_thoai', '/ho_ten', '/thoi_gian_khai_bao']);
  });

  it('never puts the refused value itself in a reason', () => {
    const reasons = mapRefused('tokhaiyte', { ...example(), so_giay_to: '20123456', dien_thoai: '0912' });
    for (const reason of reasons) assert.ok(!reason.message.includes('20123456') && !reason.message.includes('0912'), reason.message);
  });

  it('gives the CCCD and the phone as identifiers, strongest first', () => {
    assert.deepEqual(ids(mapAccepted('tokhaiyte', example())), [
      { system: 'vn-cccd', value: '079085001234' },
      { system: 'phone', value: '+84912345678' },
    ]);
  });
});
