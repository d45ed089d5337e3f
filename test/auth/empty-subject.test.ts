import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { AccessTokenRefused, verifyAccessToken } from '../../gateway/auth/access-tokens';
import type { AuthConfig } from '../../gateway/config';

const secret = createSecretKey(randomBytes(32));
const auth: AuthConfig = {
  secret,
  issuer: 'vnhc-gateway',
  audience: 'vnhc-gateway-api',
  maxTokenLifetimeSeconds: 3600,
};

describe('the caller a token names', () => {
  it('must be someone: a token whose subject is empty or blank is refused (such callers would share idempotency keys and limits)', async () => {
    for (const subject of ['', '   ']) {
      const token = await new SignJWT({ scope: 'verify' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(secret);
      await assert.rejects(verifyAccessToken(token, auth), (e: Error) => e instanceof AccessTokenRefused, JSON.stringify(subject));
    }
  });
});
