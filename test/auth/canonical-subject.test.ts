import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { AccessTokenRefused, sameSubject, verifyAccessToken } from '../../gateway/auth/access-tokens';
import type { AuthConfig } from '../../gateway/config';
import { forgeToken } from './forge-token';

const secret = createSecretKey(randomBytes(32));
const auth: AuthConfig = {
  secret,
  issuer: 'vnhc-gateway',
  audience: 'vnhc-gateway-api',
  maxTokenLifetimeSeconds: 3600,
};

const tokenFor = (subject: string) => forgeToken(auth, { subject, scope: 'tracing:approve' });

/** One caller is one subject: a subject that looks like another to a person is refused or compared folded. */
describe("a token's subject in its one written form", () => {
  it('refuses a subject with leading or trailing whitespace, a non-NFC form, or an invisible character', async () => {
    for (const subject of [
      'cdc-haiphong-lan ',
      ' cdc-haiphong-lan',
      'cdc-haiphong-lan\t',
      'cdc-haiphong-lan\u200b',
      'cdc-\u200dhaiphong-lan',
      '\ufeffcdc-haiphong-lan',
      'cdc-haiphong-lan\u3164',
      'cdc-haiphong\u00a0lan',
      'cdc-haiphong-lan\u202e',
      'Tra\u0300n', // "Tràn" decomposed: NFC is "Tràn" with U+00E0
    ]) {
      const token = await tokenFor(subject);
      await assert.rejects(
        verifyAccessToken(token, auth),
        (e: Error) => e instanceof AccessTokenRefused && /sub /.test(e.message),
        JSON.stringify(subject),
      );
    }
  });

  it('accepts a subject in NFC with inner spaces and Vietnamese letters, as given', async () => {
    for (const subject of ['cdc-haiphong-lan', 'CDC Hải Phòng – Trần Thị Lan']) {
      assert.equal((await verifyAccessToken(await tokenFor(subject), auth)).subject, subject);
    }
  });

  it('compares subjects with case and compatibility forms folded', () => {
    assert.ok(sameSubject('cdc-haiphong-lan', 'CDC-HaiPhong-Lan'));
    assert.ok(sameSubject('cdc-haiphong-lan', 'ｃｄｃ-haiphong-lan'));
    assert.ok(sameSubject('trần thị lan', 'TRẦN THỊ LAN'));
    assert.ok(!sameSubject('cdc-haiphong-lan', 'cdc-haiphong-hung'));
  });
});
