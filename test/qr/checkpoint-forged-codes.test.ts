import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';
import { forgeCode, sTwin } from './forge-code';

/** Over HTTP: what a checkpoint is told for codes that outlive their revocation. */
describe('a checkpoint scanning a code the gateway did not issue as current', () => {
  let gw: TestGateway;
  before(async () => {
    const keys = mkdtempSync(join(tmpdir(), 'checkpoint-keys-'));
    writeQrKey(keys, 'old-2025');
    writeQrKey(keys, 'new-2026');
    gw = await TestGateway.start({ QR_KEYS_DIR: keys, QR_ACTIVE_KID: 'new-2026', QR_RETIRED_KIDS: 'old-2025@2026-01-01T00:00:00+07:00' });
  });
  after(() => gw.stop());

  const scan = (qr: string) => gw.call('POST', '/v1/verify', { body: { qr } });

  it('is told invalid for a code signed with a retired key and v 999 after the operator revoked the citizen, and for the high-S twin of the current code', async () => {
    const created = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      body: goldenNative('tokhaiyte', '01'),
      route: '/v1/sources/{instance}/declarations',
    });
    const { citizenId, qr: first } = created.body.citizen;
    const revoked = await gw.call('POST', `/v1/citizens/${citizenId}/qr/revoke`);
    assert.equal(revoked.status, 200);
    const oldKey = gw.config.qr.keys.find((k) => k.kid === 'old-2025')!.privateKey;
    const forged = await forgeCode(oldKey, 'old-2025', { sub: citizenId, v: 999, iat: Date.parse('2025-12-01T00:00:00+07:00') / 1000 });
    const cases: [string, string][] = [
      [forged, 'qr-bad-version'],
      [sTwin(revoked.body.qr), 'qr-bad-signature'],
      [first, 'qr-revoked'],
    ];
    for (const [qr, code] of cases) {
      const res = await scan(qr);
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.status, res.body.reasons[0].code], ['invalid', code], code);
      assert.ok(res.body.reasons[0].message.length > 0);
    }
  });
});
