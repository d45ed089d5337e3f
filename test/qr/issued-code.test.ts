import assert from 'node:assert/strict';
import { unifiedQrStatus, unifiedQrStatusReading } from '../../gateway/identity/qr-status';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { sTwin } from './forge-code';

/** `code` with its signature swapped for `other`'s: well formed, low-S, and no signature of this content. */
function withSignatureOf(code: string, other: string): string {
  return code.slice(0, code.lastIndexOf('.') + 1) + other.slice(other.lastIndexOf('.') + 1);
}

/** Two citizens with their codes (Nguyễn Văn An's and another's), and a fresh UnifiedQr that remembers no code. */
async function twoCitizens() {
  const f = ingestFixture();
  const an = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
  const other = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '02'));
  assert.notEqual(an.citizenId, other.citizenId);
  const qr = new UnifiedQr(f.config.qr);
  const citizenId = an.citizenId!;
  /** Puts `text` in the store as the citizen's issued code of version 1, as if the gateway had issued it. */
  const storeAsIssued = async (text: string) => {
    const stored = (await f.store.getCitizen(citizenId))!.qr!;
    assert.ok(await f.store.replaceQr(citizenId, stored.version, { ...stored, text }));
  };
  return { f, qr, citizenId, code: an.qr!, otherCode: other.qr!, storeAsIssued };
}

describe('a first scan of the code the gateway issued (issue 12)', () => {
  it('takes the text stored as issued for its citizen and version as signed: its ES256 signature is not verified again', async () => {
    const c = await twoCitizens();
    // A text whose signature does not verify is taken only because the store holds it as issued:
    // what shows that the issued code's scan runs no verification.
    const planted = withSignatureOf(c.code, c.otherCode);
    await c.storeAsIssued(planted);
    assert.deepEqual(await unifiedQrStatus(planted, c.qr, c.f.store), { status: 'valid', citizenId: c.citizenId, version: 1 });
  });

  it('verifies every other text: a signature that does not hold is bad-signature, though its citizen and version exist', async () => {
    const c = await twoCitizens();
    const planted = withSignatureOf(c.code, c.otherCode);
    assert.deepEqual(await unifiedQrStatus(planted, c.qr, c.f.store), { status: 'invalid', reason: 'bad-signature' });
    assert.deepEqual(await unifiedQrStatus(c.code, c.qr, c.f.store), { status: 'valid', citizenId: c.citizenId, version: 1 });
  });

  it('refuses a stored code in high-S form, as its verification would', async () => {
    const c = await twoCitizens();
    await c.storeAsIssued(sTwin(c.code));
    assert.deepEqual(await unifiedQrStatus(sTwin(c.code), c.qr, c.f.store), { status: 'invalid', reason: 'bad-signature' });
  });

  it('hands back nothing it read for a code whose signature fails', async () => {
    const c = await twoCitizens();
    const planted = withSignatureOf(c.code, c.otherCode);
    const result = await unifiedQrStatusReading(planted, c.qr, (citizenId) => c.f.store.getCitizen(citizenId));
    assert.deepEqual(result, { status: { status: 'invalid', reason: 'bad-signature' } });
  });

  it('reads nothing for a code whose shape, key or claims fail: nothing of a citizen is read for it', async () => {
    const c = await twoCitizens();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return undefined;
    };
    const [head = '', payload = ''] = c.code.slice('VNHC1:'.length).split('.');
    const otherKey = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'no-such-key' })).toString('base64url');
    const noVersion = Buffer.from(JSON.stringify({ sub: c.citizenId, iat: 1 })).toString('base64url');
    const refused = [
      ['VNHC1:not-a-jws', 'malformed'],
      [c.code.replace(head, otherKey), 'unknown-key'],
      [c.code.replace(payload, noVersion), 'malformed'],
    ] as const;
    for (const [code, reason] of refused)
      assert.deepEqual(await unifiedQrStatusReading(code, c.qr, read), { status: { status: 'invalid', reason } }, reason);
    assert.equal(reads, 0);
  });

  it('refuses a forged code as bad-signature while the store does not answer, not as the store being away', async () => {
    const c = await twoCitizens();
    const storeAway = () => Promise.reject(new Error('redis: connection refused'));
    const planted = withSignatureOf(c.code, c.otherCode);
    assert.deepEqual(await unifiedQrStatusReading(planted, c.qr, storeAway), { status: { status: 'invalid', reason: 'bad-signature' } });
    // A code that is good is not judged without the store: its failure goes on (a 503 for the scan).
    await assert.rejects(unifiedQrStatusReading(c.code, c.qr, storeAway), /connection refused/);
  });
});
