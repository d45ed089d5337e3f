import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import type { CitizenProfile } from '../../gateway/store/gateway-store';
import { weighedLiveAnswer } from '../../gateway/verify/live-answer';
import { goldenNative, mapAccepted } from '../support/mapping';

/** NCOVI's live answer for Ngô Văn Nam, asked by the family phone: no document, the phone and NCOVI's own id. */
function answer(fullName: string, dob: string): CanonicalDeclaration {
  const native = goldenNative('ncovi', '03');
  return mapAccepted('ncovi', { ...native, profile: { fullName, dob, gender: 1, phone: '0977888999' } });
}

const citizen = (nameKeys: string[], birthDates: string[]): CitizenProfile => ({
  citizenId: 'cit_NgoVanNam1995xxxxxxx',
  createdAt: '2021-08-01T08:00:00+07:00',
  identifiers: [{ system: 'phone', value: '+84977888999' }],
  nameKeys,
  birthDates,
  instances: ['ncovi'],
});

describe("a platform's live answer weighed as the citizen's record", () => {
  it('counts a record by their phone, name and a birth date that fits every one of theirs, NFD or not', () => {
    const live = answer('NGÔ VĂN NAM'.normalize('NFD'), '1995-06-14');
    assert.equal(weighedLiveAnswer(live, undefined, citizen(['ngo van nam'], ['1995', '1995-06-14'])), live);
  });

  it("does not count a namesake's record on the family phone, born the same year on another day, though one of the citizen's records gave the year alone", () => {
    const live = answer('Ngô Văn Nam', '1995-02-01');
    assert.equal(weighedLiveAnswer(live, undefined, citizen(['ngo van nam'], ['1995', '1995-06-14'])), undefined);
  });

  it('counts a record by their phone for a citizen whose names retention took: the gateway would join it, and a red must not read unknown', () => {
    const live = answer('Ngô Văn Nam', '1995-06-14');
    assert.equal(weighedLiveAnswer(live, undefined, citizen([], [])), live);
  });

  it('does not count a record whose phone the citizen does not hold, whatever its name', () => {
    const live = mapAccepted('ncovi', {
      ...goldenNative('ncovi', '03'),
      profile: { fullName: 'Ngô Văn Nam', dob: '1995-06-14', gender: 1, phone: '0912000111' },
    });
    assert.equal(weighedLiveAnswer(live, undefined, citizen(['ngo van nam'], ['1995-06-14'])), undefined);
  });
});
