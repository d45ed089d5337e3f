import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { AccessTokenRefused, accessTokenVerifier, issueAccessToken } from '../../gateway/auth/access-tokens';
import { identityProviderKeys, KeysUnavailable } from '../../gateway/auth/identity-provider-keys';
import { VerifiedTokens, type VerifiedToken } from '../../gateway/auth/verified-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { forgeToken } from './forge-token';
import { idpKey, JwksServer } from './identity-provider-fixture';

const auth = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'verified-')), AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth;
const NOW = new Date('2026-03-01T09:00:00+07:00');
const now = NOW.getTime() / 1000;
const at = (seconds: number) => new Date(seconds * 1000);
const refused = (e: Error) => e instanceof AccessTokenRefused;

/**
 * A verifier keeps the tokens that passed and judges their next uses without the signature: each
 * story verifies a token once (so it is kept), then uses it again where a full verification would
 * refuse it, and expects the same refusal.
 */
describe('a token verified before, used again', () => {
  it('is answered from what its verification found: the same caller, the token kept once', async () => {
    const kept = new VerifiedTokens(10);
    const verify = accessTokenVerifier(auth, undefined, kept);
    const token = await forgeToken(auth, { iat: now, scope: 'verify citizens:read', subject: 'chot-q1' });
    const first = await verify(token, NOW);
    const again = await verify(token, at(now + 60));
    assert.deepEqual(again, first);
    assert.deepEqual(again, { subject: 'chot-q1', scopes: new Set(['verify', 'citizens:read']) });
    assert.equal(kept.size, 1);
  });

  it('is never kept when longer than 4 KiB (16 KiB of headers would make the kept text 16 times its bound): it passes, verified in full at every use', async () => {
    const kept = new VerifiedTokens(10);
    // The verifier reads its settings at each full verification only: a lifetime bound lowered
    // between two uses refuses the second exactly when it was verified in full.
    const settings = { ...auth };
    const verify = accessTokenVerifier(settings, undefined, kept);
    const long = await forgeToken(auth, { iat: now, scope: `verify ${'x'.repeat(5000)}` });
    const short = await forgeToken(auth, { iat: now, scope: 'verify' });
    assert.ok(long.length > 4096);
    for (const use of [0, 1, 2]) assert.ok((await verify(long, at(now + use))).scopes.has('verify'));
    assert.ok(await verify(short, NOW));
    assert.equal(kept.size, 1, 'only the short token kept');
    settings.maxTokenLifetimeSeconds = 300;
    assert.ok(await verify(short, at(now + 3)), 'the short one answered from what was kept');
    await assert.rejects(verify(long, at(now + 3)), refused);
  });

  it('is refused once it has expired (exp, plus the 30 s of clock skew), however recently it passed', async () => {
    const verify = accessTokenVerifier(auth);
    const token = await forgeToken(auth, { iat: now, lifetime: 600 });
    assert.ok(await verify(token, NOW));
    assert.ok(await verify(token, at(now + 629)), 'within the skew');
    await assert.rejects(verify(token, at(now + 630)), refused);
  });

  it('is refused at a moment its iat is ahead of by more than the skew', async () => {
    const verify = accessTokenVerifier(auth);
    const token = await forgeToken(auth, { iat: now });
    assert.ok(await verify(token, NOW));
    await assert.rejects(verify(token, at(now - 31)), refused);
  });

  it('is refused before its nbf (beyond the skew), though it passed after it', async () => {
    const verify = accessTokenVerifier(auth);
    const token = await new SignJWT({ scope: 'verify' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(auth.issuer)
      .setAudience(auth.audience)
      .setSubject('partner')
      .setIssuedAt(now)
      .setNotBefore(now + 100)
      .setExpirationTime(now + 600)
      .sign(auth.secret!);
    assert.ok(await verify(token, at(now + 100)));
    await assert.rejects(verify(token, at(now + 69)), refused);
  });

  describe("with the identity provider's keys", () => {
    const es = idpKey('ES256', 'moh-es-2026-11');
    let jwks: JwksServer;
    beforeEach(async () => {
      jwks = new JwksServer([es]);
      await jwks.start();
    });
    afterEach(() => jwks.stop());

    const source = (url: string) => ({ url: new URL(url), timeoutMs: 2000, cooldownMs: 30_000, cacheMaxAgeMs: 0, maxStaleMs: 3_600_000 });
    const idpAuth = { ...auth, secret: undefined };

    it('is refused once the identity provider has withdrawn its key and the set is read again', async () => {
      // A cache max age of 0: jose reads the set at every use, as it does once AUTH_JWKS_CACHE_MAX_AGE_MS has passed.
      const verify = accessTokenVerifier(idpAuth, identityProviderKeys(source(jwks.url)));
      const token = issueAccessToken(idpAuth, { key: es.privateKey, algorithm: 'ES256', kid: es.kid }, 'cdc-hanoi-minh', ['verify']);
      assert.equal((await verify(token)).subject, 'cdc-hanoi-minh');
      jwks.keys = [idpKey('ES256', 'moh-es-2026-12')];
      await assert.rejects(verify(token), refused);
    });

    it('is refused once the set read again holds another key under its kid (a key replaced after a leak)', async () => {
      const verify = accessTokenVerifier(idpAuth, identityProviderKeys(source(jwks.url)));
      const token = issueAccessToken(idpAuth, { key: es.privateKey, algorithm: 'ES256', kid: es.kid }, 'cdc-hanoi-minh', ['verify']);
      assert.ok(await verify(token));
      jwks.keys = [idpKey('ES256', es.kid)];
      await assert.rejects(verify(token), refused);
    });

    it('is a 503 (KeysUnavailable) once the last keys read are too old to trust, as any token is', async () => {
      let t = 1_790_000_000_000;
      const verify = accessTokenVerifier(
        idpAuth,
        identityProviderKeys(source(jwks.url), () => t),
      );
      const token = issueAccessToken(idpAuth, { key: es.privateKey, algorithm: 'ES256', kid: es.kid }, 'cdc-hanoi-minh', ['verify']);
      assert.ok(await verify(token));
      jwks.down = true;
      t += 3_600_001;
      await assert.rejects(verify(token), KeysUnavailable);
    });
  });
});

describe('the verified tokens kept', () => {
  const verified = (subject: string): VerifiedToken => ({
    header: { alg: 'HS256' },
    key: auth.secret!,
    subject,
    scopes: new Set(),
    exp: now + 600,
    iat: now,
  });

  it('are at most the bound: past it the token used longest ago is dropped', () => {
    const kept = new VerifiedTokens(2);
    kept.set('a', verified('a'));
    kept.set('b', verified('b'));
    assert.ok(kept.get('a'), 'a used: b is now the oldest');
    kept.set('c', verified('c'));
    assert.equal(kept.size, 2);
    assert.equal(kept.get('b'), undefined);
    assert.equal(kept.get('a')?.subject, 'a');
    assert.equal(kept.get('c')?.subject, 'c');
  });
});
