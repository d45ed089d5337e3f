import { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  jwksCache,
  type FetchImplementation,
  type JWSHeaderParameters,
} from 'jose';
import type { JwksSource } from '../config';

/** What one read of the identity provider's key set came to, for the operators' metric (vnhc_auth_jwks_reads_total). */
export type JwksReadOutcome = 'read' | 'failed';

/**
 * The identity provider's keys could not be read (the fetch failed or timed out, the answer was not a
 * key set), or the last ones read are too old to trust, so the token was not judged: the caller may
 * well hold a good one. A 503, never a 401, whose Retry-After is `retryAfterMs`: when the next fetch
 * will be tried.
 */
export class KeysUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The public key for a token's `alg` and `kid`, as a KeyObject (what jsonwebtoken verifies with). */
export interface IdentityProviderKeys {
  (header: { alg: string; kid: string }): Promise<KeyObject>;
  /**
   * Reads the set now (at start, so that the process is ready only once it can verify a token):
   * resolves once a set is held, rejects with KeysUnavailable when it cannot be read, without a
   * fetch while the last failure's cooldown runs.
   */
  load(): Promise<void>;
}

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
 * known) until they are `maxStaleMs` old, counted from when they were read: past that a key the IdP
 * may have withdrawn verifies nothing, and every token is KeysUnavailable. So is a token whose key
 * they do not hold (the key may be new), and every token when no key was ever read. A key not found
 * in a set read just now is jose's JWKSNoMatchingKey.
 */
export function identityProviderKeys(
  source: JwksSource,
  now: () => number = Date.now,
  observe: (outcome: JwksReadOutcome) => void = () => {},
): IdentityProviderKeys {
  // jose writes a cache's `uat` whenever it takes in a set it fetched: that moment, on our clock, is the keys' age.
  let readAt: number | undefined;
  const readMoment = Object.defineProperty({}, 'uat', {
    set: () => {
      readAt = now();
      observe('read');
    },
    get: () => undefined,
    enumerable: true,
  });
  const remote = createRemoteJWKSet(source.url, {
    timeoutDuration: source.timeoutMs,
    cooldownDuration: source.cooldownMs,
    cacheMaxAge: source.cacheMaxAgeMs,
    [jwksCache]: readMoment,
    ...(source.url.protocol === 'file:' ? { [customFetch]: readJwksFile } : {}),
  });
  let failure: { at: number; cause: unknown; lastKeys?: ReturnType<typeof createLocalJWKSet> } | undefined;

  const coolingDown = (): boolean => failure !== undefined && now() - failure.at < source.cooldownMs;
  const unavailable = (message: string, cause: unknown): KeysUnavailable =>
    new KeysUnavailable(message, Math.max(0, (failure?.at ?? now()) + source.cooldownMs - now()), { cause });
  const cannotRead = (cause: unknown) =>
    `the identity provider's keys cannot be read (${cause instanceof Error ? cause.message : String(cause)})`;
  const failed = (cause: unknown): void => {
    // Callers waiting on one fetch all fail with its one error: it is one failed read.
    if (failure?.cause !== cause) observe('failed');
    const last = remote.jwks();
    failure = { at: now(), cause, ...(last ? { lastKeys: createLocalJWKSet(last) } : {}) };
  };

  const fromLastKeys = async (header: JWSHeaderParameters): Promise<unknown> => {
    const { cause, lastKeys } = failure as NonNullable<typeof failure>;
    if (!lastKeys || readAt === undefined) throw unavailable(cannotRead(cause), cause);
    const age = now() - readAt;
    if (age > source.maxStaleMs)
      throw unavailable(
        `${cannotRead(cause)}, and the last keys read are ${Math.round(age / 1000)} s old, older than AUTH_JWKS_MAX_STALE_MS`,
        cause,
      );
    try {
      return await lastKeys(header, HEADER_ONLY);
    } catch (error) {
      throw unavailable(`${cannotRead(cause)}, and the last keys read do not verify this token`, error);
    }
  };

  const keyFor = async (header: JWSHeaderParameters): Promise<unknown> => {
    if (coolingDown()) return fromLastKeys(header);
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
      failed(error);
      return fromLastKeys(header);
    }
  };
  // jose hands out one CryptoKey per key of a set it holds: each becomes a KeyObject once.
  const keyObjects = new WeakMap<object, KeyObject>();
  const keys = async (header: { alg: string; kid: string }): Promise<KeyObject> => {
    const cryptoKey = (await keyFor(header)) as Parameters<typeof KeyObject.from>[0];
    let key = keyObjects.get(cryptoKey);
    if (!key) keyObjects.set(cryptoKey, (key = KeyObject.from(cryptoKey)));
    // What jose's own verification refuses, and jsonwebtoken does not: an RSA key anyone could factor soon.
    if ((key.asymmetricKeyDetails?.modulusLength ?? 2048) < 2048)
      throw new errors.JOSENotSupported('RSA keys of fewer than 2048 bits are refused');
    return key;
  };
  const load = async (): Promise<void> => {
    if (remote.jwks()) return;
    if (coolingDown()) throw unavailable(cannotRead(failure?.cause), failure?.cause);
    try {
      await remote.reload();
      failure = undefined;
    } catch (error) {
      failed(error);
      throw unavailable(cannotRead(error), error);
    }
  };
  return Object.assign(keys, { load });
}

/** AUTH_JWKS_FILE, read as jose would fetch a URL (its abort signal included), so both share one cache and cooldown. */
const readJwksFile: FetchImplementation = async (url, { signal }) =>
  new Response(await readFile(fileURLToPath(url), { signal }), { headers: { 'content-type': 'application/json' } });
