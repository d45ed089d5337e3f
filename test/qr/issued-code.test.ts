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
});
