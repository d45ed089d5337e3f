import assert from 'node:assert/strict';
import { personShown } from '../../gateway/verify/checkpoint-person';
import { goldenNative, mapAccepted } from '../support/mapping';

describe('what a checkpoint is shown of a person', () => {
  it('is the full name, birth date and sex, and nothing of the address, travel, identifiers, email or chronic diseases', () => {
    const ncovi = mapAccepted('ncovi', goldenNative('ncovi', '01'));
    const tokhaiyte = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '03'));
    assert.ok(JSON.stringify(tokhaiyte.quality.unmapped).includes('binh.tran'), 'the fixture keeps an email as unmapped');
    const person = personShown([ncovi, tokhaiyte]);
    assert.deepEqual(Object.keys(person ?? {}).sort(), ['birthDate', 'fullName', 'sex']);
  });

  it('takes each field from the newest declaration that has it: a Bluezone status has no name', () => {
    const older = mapAccepted('c06', goldenNative('c06', '01'));
    const newer = { ...mapAccepted('bluezone', goldenNative('bluezone', '01')), declaredAt: '2021-08-30T08:00:00+07:00' };
    assert.deepEqual(personShown([newer, older]), {
      fullName: older.subject.fullName,
      birthDate: older.subject.birthDate,
      sex: older.subject.sex,
    });
  });

  it('prefers the newest name written with diacritics over a newer one in capitals without them', () => {
    const withDiacritics = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const capitals = { ...mapAccepted('ncovi', goldenNative('ncovi', '01')), declaredAt: '2021-08-30T08:00:00+07:00' };
    assert.equal(personShown([capitals, withDiacritics])?.fullName, 'Nguyễn Văn An');
  });

  it("never takes the person from a record that disputes the citizen's documents or earlier records (someone else's CCCD with another name)", () => {
    const genuine = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const impostor = mapAccepted('tokhaiyte', {
      ...goldenNative('tokhaiyte', '01'),
      ma_to_khai: 'TK21112900007777',
      ho_ten: 'Kẻ Mạo Danh',
      nam_sinh: 1995,
      gioi_tinh: 'Nữ',
    });
    impostor.declaredAt = '2021-08-30T08:00:00+07:00';
    impostor.quality.flags.push('name-mismatch');
    assert.equal(personShown([impostor, genuine])?.fullName, 'Nguyễn Văn An');
    // Nor when the records in view are all disputed (the person's own older than the newest read): nobody, not the impostor.
    assert.equal(personShown([impostor]), undefined);
  });

  it("is still the person whose own records all carry a typo their CCCD contradicts (a birth year, a sex): theirs, not a stranger's", () => {
    const typo = mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), nam_sinh: 1986 });
    assert.deepEqual(typo.quality.flags, ['id-birthyear-mismatch']);
    assert.equal(personShown([typo])?.fullName, 'Nguyễn Văn An');
    // A clean record of theirs in view is preferred to it.
    const clean = { ...mapAccepted('c06', goldenNative('c06', '03')), declaredAt: '2021-08-01T08:00:00+07:00' };
    assert.equal(personShown([typo, clean])?.fullName, clean.subject.fullName);
  });

  it('is nobody when no declaration names anyone', () => {
    assert.equal(personShown([mapAccepted('bluezone', goldenNative('bluezone', '01'))]), undefined);
  });
});
