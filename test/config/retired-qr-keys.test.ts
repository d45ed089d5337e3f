import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';

/** Two keys: `old-2021` (to retire) and `new-2021` (active). */
function twoKeys(QR_RETIRED_KIDS?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'retired-'));
  writeQrKey(dir, 'old-2021');
  writeQrKey(dir, 'new-2021');
  return () => loadSandboxConfig({ SANDBOX_DIR: dir, QR_KEYS_DIR: dir, QR_ACTIVE_KID: 'new-2021', QR_RETIRED_KIDS });
}

const refusal = (pattern: RegExp) => (e: Error) =>
  e instanceof ConfigError && /^QR_RETIRED_KIDS: /.test(e.message) && pattern.test(e.message);

describe('configuration: retired QR keys (QR_RETIRED_KIDS)', () => {
  it('reads each retired key and since when, with its offset or at +07:00, and keeps it among the keys', () => {
    const { keys } = twoKeys('old-2021@2021-09-01T00:00:00+07:00')().qr;
    assert.deepEqual(
      keys.map((k) => [k.kid, k.retiredAt?.toISOString()]),
      [
        ['new-2021', undefined],
        ['old-2021', '2021-08-31T17:00:00.000Z'],
      ],
    );
    assert.equal(
      twoKeys('old-2021@2021-09-01 00:00')()
        .qr.keys.find((k) => k.kid === 'old-2021')
        ?.retiredAt?.toISOString(),
      '2021-08-31T17:00:00.000Z',
    );
  });

  it('retires nothing when unset or empty', () => {
    for (const value of [undefined, '']) assert.ok(twoKeys(value)().qr.keys.every((k) => k.retiredAt === undefined));
  });

  it('refuses to start on an entry without a time, or a time that does not exist, naming the variable', () => {
    for (const value of ['old-2021', 'old-2021@', '@2021-09-01T00:00:00+07:00', 'old-2021@2021-02-30T00:00:00+07:00', 'old-2021@soon']) {
      assert.throws(twoKeys(value), refusal(/is not <kid>@<date and time>/), value);
    }
  });

  it('refuses to retire a key it does not have, the active key, or one key twice', () => {
    assert.throws(twoKeys('gone-2020@2021-09-01T00:00:00+07:00'), refusal(/"gone-2020" is not one of the configured QR keys/));
    assert.throws(twoKeys('new-2021@2021-09-01T00:00:00+07:00'), refusal(/a retired key never signs/));
    assert.throws(twoKeys('old-2021@2021-09-01T00:00:00+07:00,old-2021@2021-10-01T00:00:00+07:00'), refusal(/retired twice/));
  });
});
