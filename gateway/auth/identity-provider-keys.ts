import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import type { JwksSource } from '../config';

/**
 * The identity provider's keys could not be read (the fetch failed or timed out, the answer was not a
 * key set), so the token was not judged: the caller may well hold a good one. A 503, never a 401.
 */
export class KeysUnavailable extends Error {}

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
export function identityProviderKeys(source: JwksSource, now: () => number = Date.now): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(source.url, {
    timeoutDuration: source.timeoutMs,
    cooldownDuration: source.cooldownMs,
    cacheMaxAge: source.cacheMaxAgeMs,
    ...(source.url.protocol === 'file:' ? { [customFetch]: readJwksFile } : {}),
  });
  let failure: { at: number; cause: unknown; lastKeys?: JWTVerifyGetKey } | undefined;

  const fromLastKeys: JWTVerifyGetKey = async (header, token) => {
    const { cause, lastKeys } = failure as NonNullable<typeof failure>;
    const unavailable = `the identity provider's keys cannot be read (${cause instanceof Error ? cause.message : String(cause)})`;
    if (!lastKeys) throw new KeysUnavailable(unavailable, { cause });
    try {
      return await lastKeys(header, token);
    } catch (error) {
      throw new KeysUnavailable(`${unavailable}, and the last keys read do not verify this token`, { cause: error });
    }
  };

  return async (header, token) => {
    if (failure && now() - failure.at < source.cooldownMs) return fromLastKeys(header, token);
    try {
      const key = await remote(header, token);
      failure = undefined;
      return key;
    } catch (error) {
      // The set was read and holds no key for this token: the token's fault.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      const last = remote.jwks();
      failure = { at: now(), cause: error, ...(last ? { lastKeys: createLocalJWKSet(last) } : {}) };
      return fromLastKeys(header, token);
    }
  };
}

/** AUTH_JWKS_FILE, read as jose would fetch a URL (its abort signal included), so both share one cache and cooldown. */
const readJwksFile: FetchImplementation = async (url, { signal }) =>
  new Response(await readFile(fileURLToPath(url), { signal }), { headers: { 'content-type': 'application/json' } });
