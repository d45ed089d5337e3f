import assert from 'node:assert/strict';
import type { Identifier } from '../../gateway/domain/canonical-declaration';
import type { CitizenProfile } from '../../gateway/store/gateway-store';
import { subjectOf } from '../../gateway/verify/verify-service';
import { goldenNative, mapAccepted } from '../support/mapping';

const CCCD: Identifier = { system: 'vn-cccd', value: '079085001234' };
const CMND: Identifier = { system: 'vn-cmnd', value: '025123456' };
const PHONE: Identifier = { system: 'phone', value: '+84912345678' };
const OLD_DEVICE: Identifier = { system: 'bluezone', value: 'BZ1OLD0001' };
const NEW_DEVICE: Identifier = { system: 'bluezone', value: 'BZ9NEW0002' };

/** Anh An as the gateway knows him: both documents, his phone, the Bluezone device he had and the one he has. */
const AN: CitizenProfile = {
  citizenId: 'cit_an0000000000000000',
  createdAt: '2021-08-01T08:00:00+07:00',
  identifiers: [CCCD, CMND, PHONE, OLD_DEVICE, NEW_DEVICE],
  nameKeys: ['nguyen van an'],
  birthDates: ['1985'],
  instances: ['tokhaiyte', 'ncovi', 'bluezone'],
};

/** A stored record of his on `instance`, carrying `identifiers`. */
function storedOn(instance: string, identifiers: Identifier[]) {
  const declaration = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
  return { ...declaration, source: { ...declaration.source, instance }, subject: { ...declaration.subject, identifiers } };
}

describe('what a platform is asked by for a citizen: what its own records were filed under first', () => {
  it('files a record under its documents, not the phone beside them, and a Bluezone record under its device: the one he uses now first', () => {
    const stored = [
      storedOn('tokhaiyte', [CMND, PHONE]),
      storedOn('bluezone', [PHONE, NEW_DEVICE]),
      storedOn('bluezone', [PHONE, OLD_DEVICE]),
    ];
    assert.deepEqual(subjectOf(AN, stored, 'tokhaiyte').filedUnder, [CMND]);
    assert.deepEqual(subjectOf(AN, stored, 'bluezone').filedUnder, [PHONE, NEW_DEVICE, PHONE, OLD_DEVICE]);
  });

  it('files a record declared with a phone alone under the phone', () => {
    assert.deepEqual(subjectOf(AN, [storedOn('ncovi', [PHONE])], 'ncovi').filedUnder, [PHONE]);
  });

  it('leaves out what the citizen does not hold (a mistyped number a record joined by the phone rule carried)', () => {
    const typo: Identifier = { system: 'vn-cccd', value: '079085001243' };
    assert.deepEqual(subjectOf(AN, [storedOn('ncovi', [typo, PHONE])], 'ncovi').filedUnder, []);
  });
});
