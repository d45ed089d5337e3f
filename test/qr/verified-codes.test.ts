import assert from 'node:assert/strict';
import { CitizenQr } from '../../gateway/identity/citizen-qr';
import { unifiedQrStatus } from '../../gateway/identity/qr-status';
import type { QrClaims } from '../../gateway/qr/unified-qr';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { VerifiedCodes } from '../../gateway/qr/verified-codes';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { sTwin } from './forge-code';

/** Counts the codes whose signature was verified (each one that passed is remembered once verified). */
class CountedCodes extends VerifiedCodes {
  verifications = 0;

  override remember(text: string, claims: QrClaims): QrClaims {
    this.verifications += 1;
    return super.remember(text, claims);
  }
}

/** A citizen with their code, and a UnifiedQr whose remembered codes are counted. */
async function scannedCitizen(maxEntries?: number) {
  const f = ingestFixture();
  const codes = new CountedCodes(maxEntries);
  const qr = new UnifiedQr(f.config.qr, codes);
  const { citizenId, qr: text } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
  const status = (code: string) => unifiedQrStatus(code, qr, f.store);
  return { ...f, qr, codes, citizenId: citizenId!, text: text!, status, citizenQr: new CitizenQr(f.store, qr, () => new Date()) };
}

describe('a unified QR scanned again is not verified again (issue 12)', () => {
  it("verifies a code's signature once, however often it is scanned", async () => {
    const c = await scannedCitizen();
    for (let i = 0; i < 3; i++) assert.deepEqual(await c.status(c.text), { status: 'valid', citizenId: c.citizenId, version: 1 });
    assert.equal(c.codes.verifications, 1);
  });

  it("still tells a remembered code revoked once the citizen's code is replaced: the store is read at every scan", async () => {
    const c = await scannedCitizen();
    assert.equal((await c.status(c.text)).status, 'valid');
    const next = (await c.citizenQr.revoke(c.citizenId))!;
    assert.deepEqual(await c.status(c.text), { status: 'revoked', citizenId: c.citizenId, version: 1 });
    assert.equal((await c.status(next.text)).status, 'valid');
  });

  it('never remembers a code that failed: its high-S twin stays invalid after the code itself passed, at every scan', async () => {
    const c = await scannedCitizen();
    assert.equal((await c.status(c.text)).status, 'valid');
    for (let i = 0; i < 2; i++) assert.deepEqual(await c.status(sTwin(c.text)), { status: 'invalid', reason: 'bad-signature' });
    assert.equal(c.codes.size, 1);
  });

  it('hands out claims no caller can change for the next scan', async () => {
    const c = await scannedCitizen();
    const check = c.qr.check(c.text);
    assert.ok(check.ok);
    assert.equal(Reflect.set(check.claims, 'version', 99), false);
    assert.deepEqual(c.qr.check(c.text), check);
  });

  it('holds at most its bound, the code scanned longest ago going first', () => {
    const codes = new VerifiedCodes(2);
    const claims = (citizenId: string): QrClaims => ({ citizenId, version: 1, issuedAt: 1, kid: 'k' });
    codes.remember('a', claims('cit_a'));
    codes.remember('b', claims('cit_b'));
    assert.equal(codes.get('a')?.citizenId, 'cit_a'); // scanned again: now the newest
    codes.remember('c', claims('cit_c'));
    assert.equal(codes.size, 2);
    assert.equal(codes.get('b'), undefined);
    assert.equal(codes.get('a')?.citizenId, 'cit_a');
    assert.equal(codes.get('c')?.citizenId, 'cit_c');
  });
});
