import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { AccessTokenRefused, signAccessToken, verifyAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { forgeToken } from './forge-token';

const auth = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'tokens-')), AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth;
const NOW = new Date('2026-03-01T09:00:00+07:00');
const now = NOW.getTime() / 1000;
const refused = (e: Error) => e instanceof AccessTokenRefused;

describe('access tokens', () => {
  it('accepts what signAccessToken issues, which always carries iat', async () => {
    const token = signAccessToken(auth, 'partner-a', ['verify'], 600, NOW);
    assert.equal(decodeJwt(token).iat, now);
    assert.deepEqual(await verifyAccessToken(token, auth, NOW), { subject: 'partner-a', scopes: new Set(['verify']) });
  });

  it('refuses an access token with a crit header, even one a JOSE library understands', async () => {
    const token = await forgeToken(auth, { iat: now, header: { crit: ['b64'], b64: true } });
    await assert.rejects(verifyAccessToken(token, auth, NOW), refused);
  });

  it('refuses a token without iat', async () => {
    const token = await forgeToken(auth, { iat: null });
    await assert.rejects(verifyAccessToken(token, auth), refused);
  });

  it('refuses a token that lives longer than the maximum, and accepts one that lives exactly that long', async () => {
    const tooLong = await forgeToken(auth, { iat: now, lifetime: 3601 });
    await assert.rejects(verifyAccessToken(tooLong, auth, NOW), refused);
    assert.ok(await verifyAccessToken(await forgeToken(auth, { iat: now, lifetime: 3600 }), auth, NOW));
  });

  it('refuses a token issued in the future beyond 30 s of clock skew, and accepts one within it', async () => {
    const ahead = await forgeToken(auth, { iat: now + 31 });
    await assert.rejects(verifyAccessToken(ahead, auth, NOW), refused);
    assert.ok(await verifyAccessToken(await forgeToken(auth, { iat: now + 30 }), auth, NOW));
  });

  it('refuses to sign a token that would be refused for its lifetime', () => {
    for (const seconds of [0, 3601, 1.5]) assert.throws(() => signAccessToken(auth, 'p', ['verify'], seconds), RangeError, String(seconds));
  });
});
