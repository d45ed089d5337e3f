import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { AccessTokenRefused, verifyAccessToken } from '../../gateway/auth/access-tokens';
import type { AuthConfig } from '../../gateway/config';
import { forgeToken } from './forge-token';

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
      const token = await forgeToken(auth, { subject, scope: 'verify' });
      await assert.rejects(verifyAccessToken(token, auth), (e: Error) => e instanceof AccessTokenRefused, JSON.stringify(subject));
    }
  });
});
