import assert from 'node:assert/strict';
import { goldenNative, mapAccepted } from '../support/mapping';

const example = () => goldenNative('smartcity-hanoi', '01');

describe('smartcity mapping', () => {
  it('takes the province from the instance, since records do not carry the city', () => {
    assert.equal(mapAccepted('smartcity-hanoi', example()).subject.address?.provinceCode, '01');
    assert.equal(mapAccepted('smartcity-binhduong', { ...example(), reportId: 'BD-2021-0720-88812' }).subject.address?.provinceCode, '74');
  });

  it('never makes a COVID_REPORT a declaration of the reporter: no subject, nothing of the reporter kept', () => {
    const declaration = mapAccepted('smartcity-hanoi', { ...example(), type: 'COVID_REPORT' });
    assert.equal(declaration.kind, 'community-report');
    assert.deepEqual(declaration.subject, {});
    assert.deepEqual(declaration.quality.flags, ['unlinked']);
    const stored = JSON.stringify(declaration);
    for (const reporterValue of ['Lê Thị Chi', '001192004567', '987654321', '1992-07-01'])
      assert.ok(!stored.includes(reporterValue), reporterValue);
  });

  it('reads symptom codes without diacritics, and an empty list as no symptoms', () => {
    assert.deepEqual(mapAccepted('smartcity-hanoi', { ...example(), symptoms: 'sot,kho_tho,mat_vi_giac' }).health?.symptoms, [
      'fever',
      'shortness-of-breath',
      'loss-of-taste-smell',
    ]);
    assert.deepEqual(mapAccepted('smartcity-hanoi', { ...example(), symptoms: '' }).health?.symptoms, []);
  });

  it('reads the timestamp as local time without offset', () => {
    assert.equal(mapAccepted('smartcity-hanoi', example()).declaredAt, '2021-07-20T08:30:00+07:00');
  });
});
