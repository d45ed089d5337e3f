import assert from 'node:assert/strict';
import { identityProviderKeys, KeysUnavailable, type IdentityProviderKeys } from '../../gateway/auth/identity-provider-keys';
import type { JwksSource } from '../../gateway/config';
import { idpKey, JwksServer } from './identity-provider-fixture';

const COOLDOWN_MS = 30_000;
const MAX_STALE_MS = 3_600_000;

/** The Bộ Y tế identity provider's signing key of November 2026. */
const es = idpKey('ES256', 'moh-es-2026-11');
const header = { alg: es.alg, kid: es.kid };

/**
 * The key set alone, with the clock in the test's hand: each assertion counts fetches against the
 * cooldown's and the staleness limit's arithmetic, never against how fast this machine runs. A
 * cache max age of 0 makes jose (whose own clock is the real one) fetch at every call outside our
 * cooldown, so that every fetch seen is one our clock allowed.
 */
describe("the identity provider's key set, on an injected clock", () => {
  let jwks: JwksServer;
  let t: number;
  let keys: IdentityProviderKeys;
  let reads: string[];

  beforeEach(async () => {
    jwks = new JwksServer([es]);
    await jwks.start();
    t = 1_790_000_000_000;
    const source: JwksSource = {
      url: new URL(jwks.url),
      timeoutMs: 2000,
      cooldownMs: COOLDOWN_MS,
      cacheMaxAgeMs: 0,
      maxStaleMs: MAX_STALE_MS,
    };
    reads = [];
    keys = identityProviderKeys(
      source,
      () => t,
      (outcome) => reads.push(outcome),
    );
  });
  afterEach(() => jwks.stop());

  /** Why `keys` refused `header`, or undefined when it gave a key. */
  async function refusal(): Promise<KeysUnavailable | undefined> {
    try {
      await keys(header);
      return undefined;
    } catch (error) {
      if (error instanceof KeysUnavailable) return error;
      throw error;
    }
  }

  it('while the JWKS is down, twenty tokens in one cooldown cost one fetch, and the next is tried when the cooldown ends', async () => {
    jwks.down = true;
    for (let i = 0; i < 20; i += 1) assert.ok(await refusal());
    assert.equal(jwks.hits, 1);
    t += COOLDOWN_MS - 1;
    assert.ok(await refusal());
    assert.equal(jwks.hits, 1, 'no fetch a millisecond before the cooldown ends');
    t += 1;
    assert.ok(await refusal());
    assert.equal(jwks.hits, 2, 'one fetch once it has ended');
  });

  it("says, in a refusal's retryAfterMs, how long until the next fetch is tried", async () => {
    jwks.down = true;
    assert.equal((await refusal())?.retryAfterMs, COOLDOWN_MS);
    t += 12_345;
    assert.equal((await refusal())?.retryAfterMs, COOLDOWN_MS - 12_345);
  });

  it('keeps verifying with the last keys read through an outage until they are AUTH_JWKS_MAX_STALE_MS old, then refuses every token', async () => {
    assert.equal(await refusal(), undefined);
    jwks.down = true;
    t += 1000;
    assert.equal(await refusal(), undefined, 'the last keys read, a second old');
    t += MAX_STALE_MS - 1000;
    assert.equal(await refusal(), undefined, 'exactly as old as allowed');
    t += 1;
    const stale = await refusal();
    assert.match(stale?.message ?? '', /older than AUTH_JWKS_MAX_STALE_MS/);
    // The IdP back, the next fetch (after the cooldown) reads the keys anew, and they verify again.
    jwks.down = false;
    t += COOLDOWN_MS;
    assert.equal(await refusal(), undefined);
  });

  it('load() reads the set once, and while the JWKS is down fetches again only when the cooldown ends', async () => {
    jwks.down = true;
    await assert.rejects(keys.load(), KeysUnavailable);
    await assert.rejects(keys.load(), (error: KeysUnavailable) => error.retryAfterMs === COOLDOWN_MS);
    assert.equal(jwks.hits, 1);
    jwks.down = false;
    t += COOLDOWN_MS;
    await keys.load();
    await keys.load();
    assert.equal(jwks.hits, 2, 'a set held is not fetched again by load()');
  });

  it('tells its observer of every read of the set, taken in or failed (the operators count them: vnhc_auth_jwks_reads_total)', async () => {
    assert.equal(await refusal(), undefined);
    jwks.down = true;
    t += COOLDOWN_MS;
    assert.equal(await refusal(), undefined, 'the last keys read');
    assert.equal(await refusal(), undefined, 'within the cooldown: no fetch, nothing to tell');
    jwks.down = false;
    t += COOLDOWN_MS;
    assert.equal(await refusal(), undefined);
    assert.deepEqual(reads, ['read', 'failed', 'read']);
    assert.equal(jwks.hits, 3);
  });

  it('tells one failed read once, however many tokens waited on it', async () => {
    jwks.down = true;
    await Promise.all(Array.from({ length: 5 }, () => refusal()));
    assert.ok(jwks.hits >= 1);
    assert.deepEqual(
      reads,
      Array.from({ length: jwks.hits }, () => 'failed'),
    );
  });
});
