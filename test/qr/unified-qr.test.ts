import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { CitizenQr } from '../../gateway/identity/citizen-qr';
import { unifiedQrStatus } from '../../gateway/identity/qr-status';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';

const tokenOf = (qr: string) => qr.slice('VNHC1:'.length);

describe('the unified QR', () => {
  it('is verified by a standard JOSE library with the published JWKS, and carries only the citizen id, a version and the issue time', async () => {
    const f = ingestFixture();
    const { qr, citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const { payload, protectedHeader } = await jwtVerify(tokenOf(qr!), createLocalJWKSet(f.unifiedQr.jwks as never), {
      algorithms: ['ES256'],
    });
    assert.equal(protectedHeader.kid, f.config.qr.activeKid);
    assert.deepEqual(Object.keys(payload).sort(), ['iat', 'sub', 'v']);
    assert.equal(payload.sub, citizenId);
    assert.equal(payload.v, 1);
  });

  it('carries no personal data in the text at all', async () => {
    const f = ingestFixture();
    const { qr } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const decoded = Buffer.from(tokenOf(qr!).split('.')[1]!, 'base64url').toString('utf8');
    for (const personal of ['079085001234', '912345678', 'Nguy', '1985']) assert.ok(!decoded.includes(personal), personal);
  });

  it('is invalid when forged, signed by an unknown key, or malformed: never an error', async () => {
    const f = ingestFixture();
    const { qr } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const [h, p, s] = tokenOf(qr!).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'cit_BBBBBBBBBBBBBBBBBBBBBB', v: 1, iat: 1 })).toString('base64url');
    const strangerDir = mkdtempSync(join(tmpdir(), 'stranger-'));
    writeQrKey(strangerDir, 'stranger');
    const strangerKeys = loadSandboxConfig({ SANDBOX_DIR: strangerDir, QR_KEYS_DIR: strangerDir, QR_ACTIVE_KID: 'stranger' }).qr;
    const stranger = new UnifiedQr(strangerKeys).issue('cit_BBBBBBBBBBBBBBBBBBBBBB', 1, new Date()).text;
    const cases: [string, string][] = [
      [`VNHC1:${h}.${forgedPayload}.${s}`, 'bad-signature'],
      [stranger, 'unknown-key'],
      ['VNHC1:not-a-token', 'malformed'],
      [`VNHC1:${h}.${p}`, 'malformed'],
      ['TKYT:TK21081500012345', 'malformed'],
    ];
    for (const [text, reason] of cases)
      assert.deepEqual(await unifiedQrStatus(text, f.unifiedQr, f.store), { status: 'invalid', reason }, reason);
  });

  it('survives a key rotation: the old key keeps verifying; once it is retired the citizen gets a code under the new key, and the old code verifies as revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotation-'));
    const f = ingestFixture(undefined, dir);
    const before = f.config;
    const { citizenId } = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const first = await f.citizenQr.current(citizenId!);

    writeQrKey(join(dir, 'qr-keys'), 'zz-2026-rotation');
    // The rotation's last step: the new key active everywhere, the old one retired from a time after.
    const retiredAt = new Date(Date.now() + 3_600_000).toISOString();
    const after = loadSandboxConfig({
      SANDBOX_DIR: dir,
      QR_ACTIVE_KID: 'zz-2026-rotation',
      QR_RETIRED_KIDS: `${before.qr.activeKid}@${retiredAt}`,
    });
    const rotated = new UnifiedQr(after.qr);
    assert.deepEqual(rotated.jwks.keys.map((k) => k.kid).sort(), [before.qr.activeKid, 'zz-2026-rotation'].sort());
    await jwtVerify(tokenOf(first.text), createLocalJWKSet(rotated.jwks as never));

    const next = await new CitizenQr(f.store, rotated, () => new Date()).current(citizenId!);
    assert.equal(decodeProtectedHeader(tokenOf(next.text)).kid, 'zz-2026-rotation');
    assert.equal(next.version, first.version + 1);
    assert.equal((await unifiedQrStatus(first.text, rotated, f.store)).status, 'revoked');
    assert.equal((await unifiedQrStatus(next.text, rotated, f.store)).status, 'valid');
  });
});
