import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { unifiedQrStatus } from '../../gateway/identity/qr-status';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { forgeCode, P256_ORDER, sOf, sTwin } from './forge-code';

const token = (code: string) => code.slice('VNHC1:'.length);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('a unified QR has exactly one valid text', () => {
  it('issues every code with a low S (s ≤ n/2)', () => {
    const { unifiedQr } = ingestFixture();
    for (let i = 0; i < 64; i++) {
      const { text } = unifiedQr.issue('cit_AAAAAAAAAAAAAAAAAAAAAA', i + 1, new Date());
      assert.ok(sOf(text) <= P256_ORDER / 2n, `code ${i} has a high S`);
    }
  });

  it('refuses the high-S twin of a valid code', async () => {
    const f = ingestFixture();
    const { qr } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const twin = sTwin(qr!);
    // The twin is a valid ECDSA signature: a standard JOSE library accepts it.
    await jwtVerify(token(twin), createLocalJWKSet(f.unifiedQr.jwks as never), { algorithms: ['ES256'] });
    assert.equal((await unifiedQrStatus(qr!, f.unifiedQr, f.store)).status, 'valid');
    assert.deepEqual(await unifiedQrStatus(twin, f.unifiedQr, f.store), { status: 'invalid', reason: 'bad-signature' });
  });

  it('refuses a code whose signature is re-spelt in base64url with non-zero spare bits', async () => {
    const f = ingestFixture();
    const { qr } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    // 64 bytes are 86 characters carrying 516 bits: the last character's 4 low bits are spare.
    const respelt = qr!.slice(0, -1) + BASE64URL[BASE64URL.indexOf(qr!.at(-1)!) | 1];
    assert.deepEqual(Buffer.from(respelt.split('.')[2]!, 'base64url'), Buffer.from(qr!.split('.')[2]!, 'base64url'));
    assert.deepEqual(await unifiedQrStatus(respelt, f.unifiedQr, f.store), { status: 'invalid', reason: 'malformed' });
  });

  it('refuses a code with a crit header, even one a JOSE library understands', async () => {
    const f = ingestFixture();
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const key = f.config.qr.keys[0]!;
    const code = await forgeCode(key.privateKey, key.kid, { sub: citizenId, v: 1, iat: 1629421200 }, { crit: ['b64'], b64: true });
    assert.deepEqual(await unifiedQrStatus(code, f.unifiedQr, f.store), { status: 'invalid', reason: 'malformed' });
  });

  it('re-issues a stored high-S code (signed before low-S) the next time it is handed out', async () => {
    const f = ingestFixture();
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const stored = await f.citizenQr.current(citizenId!);
    await f.store.replaceQr(citizenId!, 1, { ...stored, text: sTwin(stored.text) });
    const handedOut = await f.citizenQr.current(citizenId!);
    assert.equal(handedOut.version, 2);
    assert.ok(sOf(handedOut.text) <= P256_ORDER / 2n);
  });
});
