import assert from 'node:assert/strict';
import type { RefusalReason } from '../../adapters';
import { describeErrors, validateCanonical } from '../../gateway/domain/canonical-schema';
import { goldenNative, mapAccepted, mapRefused } from '../support/mapping';

const street = (length: number) => 'Số 12 ngõ 34 phố Lê Lợi '.repeat(Math.ceil(length / 24)).slice(0, length);
const tooLong = (reasons: RefusalReason[], pointer: string) => {
  const reason = reasons.find((r) => r.pointer === pointer);
  assert.ok(reason, `no reason at ${pointer}: ${JSON.stringify(reasons)}`);
  assert.equal(reason.code, 'bad-format');
  assert.match(reason.message, /longer than the \d+ characters/);
};

describe('texts longer than the canonical schema allows are refused by the mapping, at their native field', () => {
  it('refuses a tokhaiyte street of 600 characters at /dia_chi/so_nha, the longest part of the address line', () => {
    const record = goldenNative('tokhaiyte', '01');
    record.dia_chi.so_nha = street(600);
    tooLong(mapRefused('tokhaiyte', record), '/dia_chi/so_nha');
  });

  it('refuses an address whose parts fit alone but not together (500 characters in all)', () => {
    const record = goldenNative('smartcity-hanoi', '01');
    record.location = { street: street(200), ward: street(180), district: street(150) };
    tooLong(mapRefused('smartcity-hanoi', record), '/location/street');
  });

  it('refuses a vehicle number longer than 32 characters (tokhaiyte so_hieu, C06 bienSoXe)', () => {
    const record = goldenNative('tokhaiyte', '01');
    record.di_chuyen.so_hieu = 'VN-A321-'.repeat(5);
    tooLong(mapRefused('tokhaiyte', record), '/di_chuyen/so_hieu');
    const passage = goldenNative('c06', '01');
    passage.hanhTrinh.bienSoXe = '51F-123.45 '.repeat(4);
    tooLong(mapRefused('c06', passage), '/hanhTrinh/bienSoXe');
  });

  it('refuses a C06 checkpoint reason, trip purpose or checkpoint id past its limit', () => {
    const passage = {
      ...goldenNative('c06', '01'),
      trangThai: 'TU_CHOI',
      lyDoTuChoi: 'Lệch thông tin họ tên. '.repeat(12),
      chotKiemSoat: 'CHOT-79-'.repeat(9),
    };
    passage.hanhTrinh.lyDo = 'Đi làm ca đêm tại khu công nghiệp. '.repeat(7);
    const reasons = mapRefused('c06', passage);
    for (const pointer of ['/lyDoTuChoi', '/hanhTrinh/lyDo', '/chotKiemSoat']) tooLong(reasons, pointer);
  });

  it('refuses a name longer than 200 characters, where no native schema limits it (a Zalo answer)', () => {
    const record = goldenNative('zalo', '01');
    record.answers[0].value = 'Trần Thị Bình '.repeat(20);
    tooLong(mapRefused('zalo', record), '/answers/0/value');
  });

  it('refuses a Zalo or NCOVI address longer than the line allows', () => {
    const submission = goldenNative('zalo', '01');
    submission.answers[5].value = street(501);
    tooLong(mapRefused('zalo', submission), '/answers/5/value');
    const record = goldenNative('ncovi', '01');
    record.profile.address = street(501);
    tooLong(mapRefused('ncovi', record), '/profile/address');
  });

  it('counts a name by its stored (NFC) characters: a name of 200 characters is accepted however it was encoded', () => {
    const name = 'Nguyễn Thị Ngọc Ánh '.repeat(10).trim().slice(0, 200);
    const record = goldenNative('smartcity-hanoi', '01');
    record.citizen.name = name.normalize('NFD');
    const declaration = mapAccepted('smartcity-hanoi', record);
    assert.equal(declaration.subject.fullName, name.normalize('NFC'));
    assert.ok(validateCanonical(declaration), describeErrors(validateCanonical.errors).join('; '));
  });

  it('keeps a text exactly at its limit', () => {
    const record = goldenNative('tokhaiyte', '01');
    record.di_chuyen.so_hieu = 'X'.repeat(32);
    record.dia_chi = { tinh: '79', so_nha: 'ễ'.repeat(500) };
    const declaration = mapAccepted('tokhaiyte', record);
    assert.equal(declaration.travel?.vehicleId?.length, 32);
    assert.equal(declaration.subject.address?.line?.length, 500);
  });
});
