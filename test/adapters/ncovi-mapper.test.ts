import assert from 'node:assert/strict';
import { goldenNative, ids, mapAccepted, mapRefused, pointers } from '../support/mapping';

const example = () => goldenNative('ncovi', '01');

describe('ncovi mapping', () => {
  it('keeps an upper-case name without diacritics as written, never inventing them', () => {
    assert.equal(mapAccepted('ncovi', example()).subject.fullName, 'NGUYEN VAN AN');
  });

  it('reads numeric province ids: 1 is Hà Nội (01), and pads district and ward codes', () => {
    const record = example();
    Object.assign(record.profile, { provinceId: 1, districtId: 1, wardId: 4 });
    assert.deepEqual(mapAccepted('ncovi', record).subject.address, {
      provinceCode: '01',
      districtCode: '001',
      wardCode: '00004',
      line: '12 Le Loi',
    });
  });

  it('maps gender codes 0 to 3 to unknown, male, female and other', () => {
    const sexes = [0, 1, 2, 3].map((gender) => {
      const record = example();
      record.profile.gender = gender;
      record.profile.idNumber = null;
      return mapAccepted('ncovi', record).subject.sex;
    });
    assert.deepEqual(sexes, ['unknown', 'male', 'female', 'other']);
  });

  it('reads createdAt as epoch milliseconds in UTC', () => {
    assert.equal(mapAccepted('ncovi', example()).declaredAt, '2021-08-15T07:45:00+07:00');
  });

  it('keeps the record id as an ncovi identifier, so its QR joins the citizen who declared it', () => {
    assert.deepEqual(ids(mapAccepted('ncovi', example())).at(-1), { system: 'ncovi', value: '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f10' });
  });

  it('keeps chronic diseases and unknown symptom codes as unmapped, with their pointers', () => {
    const record = example();
    record.health.symptoms = ['COUGH', 'HEADACHE'];
    assert.deepEqual(mapAccepted('ncovi', record).quality.unmapped, [
      { pointer: '/health/chronicDiseases/0', value: 'HYPERTENSION' },
      { pointer: '/health/symptoms/1', value: 'HEADACHE' },
    ]);
  });

  it('refuses createdAt in seconds, a province 99 and 30 February together', () => {
    const record = example();
    Object.assign(record, { createdAt: 1628988300 });
    Object.assign(record.profile, { provinceId: 99, dob: '1985-02-30' });
    assert.deepEqual(pointers(mapRefused('ncovi', record)).sort(), ['/createdAt', '/profile/dob', '/profile/provinceId']);
  });

  it('reads its health codes whatever their case and surrounding space, and flags a code it does not know', () => {
    const record = example();
    record.health.symptoms = [' cough', 'Fever'];
    record.health.contacts = ['confirmed_case'];
    const mapped = mapAccepted('ncovi', record);
    assert.deepEqual(mapped.health, { symptoms: ['cough', 'fever'], exposures: ['confirmed-case'] });
    record.health.symptoms = ['HEADACHE'];
    assert.deepEqual(mapAccepted('ncovi', record).quality.flags, ['health-answer-unread']);
  });
});
