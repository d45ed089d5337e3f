import { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, type FetchImplementation, type JWSHeaderParameters } from 'jose';
import type { JwksSource } from '../config';

/**
 * The identity provider's keys could not be read (the fetch failed or timed out, the answer was not a
 * key set), so the token was not judged: the caller may well hold a good one. A 503, never a 401.
 */
export class KeysUnavailable extends Error {}

/** The public key for a token's `alg` and `kid`, as a KeyObject (what jsonwebtoken verifies with). */
export type IdentityProviderKeys = (header: { alg: string; kid: string }) => Promise<KeyObject>;

/** A key set chooses by the token's protected header alone: the rest of the token is not needed. */
const HEADER_ONLY = { payload: '', signature: '' };

/**
 * The identity provider's public keys, selected by the token's `kid`, `alg` and the key's own `kty`,
 * `crv`, `alg` and `use` (jose's key sets: an RS256 token never meets an EC key, nor an ES256 one an
 * RSA key). jose fetches the set (aborted after `timeoutMs`), keeps it `cacheMaxAgeMs`, and fetches
 * it again for an unknown `kid` at most once per `cooldownMs`, so a rotated key is found and a flood
 * of made-up kids costs one fetch. A file is read the same way, so a mounted file that changes rotates too.
 *
 * jose retries a failed fetch at the next request, and drops its keys when they are too old to be
 * fetched again: around it, a failed fetch is tried again only after `cooldownMs`, and meanwhile the
 * last keys read still verify tokens they hold (an IdP outage then stops no caller whose key is
 * known); a token whose key they do not hold is KeysUnavailable (the key may be new), as is every
 * token when no key was ever read. A key not found in a set read just now is jose's JWKSNoMatchingKey.
 */
export function identityProviderKeys(source: JwksSource, now: () => number = Date.now): IdentityProviderKeys {
  const remote = createRemoteJWKSet(source.url, {
    timeoutDuration: source.timeoutMs,
    cooldownDuration: source.cooldownMs,
    cacheMaxAge: source.cacheMaxAgeMs,
    ...(source.url.protocol === 'file:' ? { [customFetch]: readJwksFile } : {}),
  });
  let failure: { at: number; cause: unknown; lastKeys?: ReturnType<typeof createLocalJWKSet> } | undefined;

  const fromLastKeys = async (header: JWSHeaderParameters): Promise<unknown> => {
    const { cause, lastKeys } = failure as NonNullable<typeof failure>;
    const unavailable = `the identity provider's keys cannot be read (${cause instanceof Error ? cause.message : String(cause)})`;
    if (!lastKeys) throw new KeysUnavailable(unavailable, { cause });
    try {
      return await lastKeys(header, HEADER_ONLY);
    } catch (error) {
      throw new KeysUnavailable(`${unavailable}, and the last keys read do not verify this token`, { cause: error });
    }
  };

  const keyFor = async (header: JWSHeaderParameters): Promise<unknown> => {
    if (failure && now() - failure.at < source.cooldownMs) return fromLastKeys(header);
    try {
      const key = await remote(header, HEADER_ONLY);
      failure = undefined;
      return key;
    } catch (error) {
      // The set was read and holds no key for this token, or none could serve its alg: the token's fault.
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      )
        throw error;
      const last = remote.jwks();
      failure = { at: now(), cause: error, ...(last ? { lastKeys: createLocalJWKSet(last) } : {}) };
      return fromLastKeys(header);
    }
  };
  // jose hands out one CryptoKey per key of a set it holds: each becomes a KeyObject once.
  const keyObjects = new WeakMap<object, KeyObject>();
  return async (header) => {
    const cryptoKey = (await keyFor(header)) as Parameters<typeof KeyObject.from>[0];
    let key = keyObjects.get(cryptoKey);
    if (!key) keyObjects.set(cryptoKey, (key = KeyObject.from(cryptoKey)));
    // What jose's own verification refuses, and jsonwebtoken does not: an RSA key anyone could factor soon.
    if ((key.asymmetricKeyDetails?.modulusLength ?? 2048) < 2048)
      throw new errors.JOSENotSupported('RSA keys of fewer than 2048 bits are refused');
    return key;
  };
}

/** AUTH_JWKS_FILE, read as jose would fetch a URL (its abort signal included), so both share one cache and cooldown. */
const readJwksFile: FetchImplementation = async (url, { signal }) =>
  new Response(await readFile(fileURLToPath(url), { signal }), { headers: { 'content-type': 'application/json' } });
