import type { KeyObject } from 'node:crypto';
import { errors } from 'jose';
import jwt from 'jsonwebtoken';
import type { AuthConfig } from '../config';
import { tokenHeader } from './token-shape';
import { identityProviderKeys, type IdentityProviderKeys } from './identity-provider-keys';
import { IDP_ALGORITHMS } from './jwk-set';
import { VerifiedTokens, type VerifiedToken } from './verified-tokens';

/**
 * Every scope a token may grant. Tracing's three are kept apart so that each step over personal
 * data is a grant of its own: `tracing` asks who was there (ids only) and issues notices,
 * `tracing:contact` reads the names and phones of one's own query, `tracing:approve` approves a
 * notice another subject issued and reads tracing's audit trail.
 */
export const SCOPES = [
  'declarations:write',
  'declarations:read',
  'citizens:read',
  'verify',
  'operator',
  'venues:write',
  'venues:read',
  'checkins:write',
  'tracing',
  'tracing:contact',
  'tracing:approve',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Caller {
  /** The partner or operator the token was issued to. */
  subject: string;
  scopes: ReadonlySet<string>;
}

/** A token that does not pass: forged, expired, or outside the rules below. Only this becomes a 401. */
export class AccessTokenRefused extends Error {}

/** How far a partner's clock may run ahead or behind ours, for `exp`, `nbf` and `iat`. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Tokens a verifier keeps verified (see VerifiedTokens): far more than the callers that hold a token
 * at once (each partner, checkpoint application and officer has one, renewed hourly or so). With
 * the length bound below, at most some 40 MB of token text (some 10 MB of the 1 KiB tokens
 * identity providers issue).
 */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * The longest token kept verified: a token is at most the 16 KiB of headers Node takes (max-http-header-size), so
 * the count alone let the kept text reach some 160 MB. A longer token (no identity provider we
 * know issues one) still passes: it is verified in full at every use.
 */
const LONGEST_TOKEN_KEPT = 4096;

/** Verifies one bearer token at `now`: the caller it names, or AccessTokenRefused, or KeysUnavailable (the IdP's keys could not be read). */
export type AccessTokenVerifier = (token: string, now?: Date) => Promise<Caller>;

/**
 * The verifier of a gateway's access tokens, made once (it holds the identity provider's key set and
 * its cache). The algorithms are pinned by where keys come from: ES256 and RS256 with the identity
 * provider's keys (AUTH_JWKS_FILE or AUTH_JWKS_URL), selected by `kid`; HS256 with the shared secret
 * (the sandbox and tests; production has none). So a token signed with an IdP's public key as an HMAC
 * secret is checked against the shared secret or refused, and `none` is never accepted.
 *
 * Then: issuer, audience, `exp` and `iat` both present (neither library requires them), `iat` not
 * ahead of our clock beyond the skew, a lifetime `exp - iat` within the configured maximum (so nobody
 * mints a token for years), no `crit` header (RFC 7515 §4.1.11: it names extensions we would have to
 * understand; we know none), and a `sub` in its one written form (see nonCanonical), so that one
 * caller is one subject. Any other error is a defect. `idpKeys` is the composition's own key set
 * when it reads it at start; one is made here otherwise.
 *
 * A caller sends the same token with every request until it renews it, so a token that passed is
 * kept (`verified`, by its exact text; up to LONGEST_TOKEN_KEPT characters) and its next use is
 * judged without the signature: see reuseVerified for why that answers as a full verification would.
 */
export function accessTokenVerifier(
  auth: AuthConfig,
  idpKeys: IdentityProviderKeys | undefined = auth.jwks && identityProviderKeys(auth.jwks),
  verified: VerifiedTokens = new VerifiedTokens(VERIFIED_TOKENS_KEPT),
): AccessTokenVerifier {
  const keys = verificationKeys(auth, idpKeys);
  return async (token, now = new Date()) => {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const keep = token.length <= LONGEST_TOKEN_KEPT;
    const known = keep ? verified.get(token) : undefined;
    if (known) {
      if (await reuseVerified(known, keys, nowSeconds)) return { subject: known.subject, scopes: known.scopes };
      // The full verification below refuses it with its own reason, or finds it good under another key.
      verified.delete(token);
    }
    const passed = await verifyFully(token, auth, keys, nowSeconds);
    if (keep) verified.set(token, passed);
    return { subject: passed.subject, scopes: passed.scopes };
  };
}

/** Every check of a token (see accessTokenVerifier), and what a later use needs to judge it again. */
async function verifyFully(token: string, auth: AuthConfig, keys: VerificationKeys, nowSeconds: number): Promise<VerifiedToken> {
  const { header, payload, key } = await verifySignature(token, auth, keys, nowSeconds);
  if (Object.hasOwn(header, 'crit')) throw new AccessTokenRefused('crit header: no extension is understood here');
  if (typeof payload === 'string') throw new AccessTokenRefused('payload is not a JSON object');
  const { sub, exp, iat, nbf } = payload;
  // An empty subject would make every such caller one (their idempotency keys and limits shared).
  if (typeof sub !== 'string' || sub.trim() === '' || typeof exp !== 'number' || typeof iat !== 'number')
    throw new AccessTokenRefused('token must carry sub, exp and iat');
  const odd = nonCanonical(sub);
  if (odd) throw new AccessTokenRefused(`sub ${odd}`);
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new AccessTokenRefused('iat is in the future');
  if (exp - iat > auth.maxTokenLifetimeSeconds) throw new AccessTokenRefused(`token lives longer than ${auth.maxTokenLifetimeSeconds} s`);
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return {
    header: { alg: header.alg, ...(header.kid === undefined ? {} : { kid: header.kid }) },
    key,
    subject: sub,
    scopes: new Set(scope.split(' ').filter(Boolean)),
    exp,
    iat,
    // jsonwebtoken refuses an nbf that is not a number: a token kept has none or a number.
    ...(typeof nbf === 'number' ? { nbf } : {}),
  };
}

/**
 * Whether a token verified before passes now without verifying it again. Everything a verification
 * judges depends on the token's text, this verifier's settings, the key and the clock. The text is
 * the same (kept by its exact text), and so are the settings (one store per verifier). The key is
 * asked for again exactly as the first time (so a key set too old to trust is a 503 again, a key
 * the IdP withdrew and a set read again that no longer holds it are a 401 again), and it must be
 * the very key that verified the signature; a key set read again hands out new key objects, so the
 * token is then verified in full. The clock's checks (`exp`, `nbf`, `iat`, each with the skew, as
 * jsonwebtoken and verifyFully make them) are made at every use: a token is never trusted past its
 * `exp`. False sends the token to a full verification, which refuses it with its reason.
 */
async function reuseVerified(known: VerifiedToken, keys: VerificationKeys, nowSeconds: number): Promise<boolean> {
  if ((await keyOf(keys, known.header as jwt.JwtHeader)) !== known.key) return false;
  // jsonwebtoken takes a clockTimestamp of 0 as "not given" and reads the clock.
  const clock = nowSeconds || Math.floor(Date.now() / 1000);
  if (known.nbf !== undefined && known.nbf > clock + CLOCK_SKEW_SECONDS) return false;
  if (clock >= known.exp + CLOCK_SKEW_SECONDS) return false;
  return known.iat <= nowSeconds + CLOCK_SKEW_SECONDS;
}

/**
 * One token, for a command or a test: the keys are read anew at each call (a URL fetched each time),
 * so a gateway never verifies through this; it makes its verifier once (accessTokenVerifier).
 */
export function verifyAccessToken(token: string, auth: AuthConfig, now: Date = new Date()): Promise<Caller> {
  return accessTokenVerifier(auth)(token, now);
}

/**
 * Characters a subject never holds: controls, format characters (zero-width space and joiners,
 * bidi marks, the BOM), private-use and unassigned code points, line and paragraph separators,
 * whitespace other than the plain space, and the Hangul fillers that render as nothing. Each makes
 * two subjects that look the same to a person, and so one officer two people to the four-eyes rule.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]|[^\S ]/u;

/** Why a token's subject is not in its one written form (NFC, trimmed, nothing invisible); undefined when it is. */
export function nonCanonical(subject: string): string | undefined {
  if (subject !== subject.trim()) return 'has leading or trailing whitespace';
  if (subject !== subject.normalize('NFC')) return 'is not in Unicode normal form C';
  if (INVISIBLE.test(subject)) return 'holds an invisible, control or format character';
  return undefined;
}

/**
 * A subject as compared where who acted matters (the four-eyes rule of exposure notices): case and
 * compatibility forms folded, so `CDC-HaiPhong-Lan` and `ｃｄｃ-haiphong-lan` are the officer
 * `cdc-haiphong-lan` is. The subject itself is kept and shown as the token gave it.
 */
export function foldSubject(subject: string): string {
  return subject.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Whether two subjects name the same caller (see foldSubject). */
export function sameSubject(a: string, b: string): boolean {
  return foldSubject(a) === foldSubject(b);
}

interface VerificationKeys {
  algorithms: string[];
  /** The key that verifies a token with this header; AccessTokenRefused or jose's JWKSNoMatchingKey when there is none. */
  keyFor: (header: jwt.JwtHeader) => Promise<KeyObject>;
}

function verificationKeys(auth: AuthConfig, idpKeys: IdentityProviderKeys | undefined): VerificationKeys {
  const { secret } = auth;
  return {
    algorithms: [...(secret ? ['HS256'] : []), ...(idpKeys ? IDP_ALGORITHMS : [])],
    // Asked only for an algorithm of the list above.
    keyFor: async ({ alg, kid }) => {
      if (alg === 'HS256' && secret) return secret;
      if (!idpKeys) throw new AccessTokenRefused(`no key for ${alg}`);
      if (typeof kid !== 'string' || kid === '') throw new AccessTokenRefused(`an ${alg} token names its key (kid)`);
      return idpKeys({ alg, kid });
    },
  };
}

/** The key for a token's header; a key set that holds none for it (JWKSNoMatchingKey and its kin) refuses the token, KeysUnavailable goes on as it is. */
async function keyOf(keys: VerificationKeys, header: jwt.JwtHeader): Promise<KeyObject> {
  try {
    return await keys.keyFor(header);
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new AccessTokenRefused(error.message);
    throw error;
  }
}

/**
 * The token's algorithm checked against the list, its key chosen by that algorithm (and kid), then
 * jsonwebtoken's checks with that one algorithm and key (signature, the key's type for it, iss, aud,
 * exp, nbf), their refusals as ours; KeysUnavailable goes on as it is. With the key that verified it.
 */
async function verifySignature(
  token: string,
  auth: AuthConfig,
  keys: VerificationKeys,
  nowSeconds: number,
): Promise<jwt.Jwt & { key: KeyObject }> {
  const header = tokenHeader(token, (why) => new AccessTokenRefused(why));
  if (!keys.algorithms.includes(header.alg)) throw new AccessTokenRefused(`alg ${header.alg} is not accepted`);
  const key = await keyOf(keys, header);
  try {
    const verified = jwt.verify(token, key, {
      algorithms: [header.alg as jwt.Algorithm],
      issuer: auth.issuer,
      audience: auth.audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
      clockTimestamp: nowSeconds,
      complete: true,
    });
    return { ...verified, key };
  } catch (error) {
    // JsonWebTokenError is the parent of TokenExpiredError and NotBeforeError: every refusal of a token.
    if (error instanceof jwt.JsonWebTokenError) throw new AccessTokenRefused(error.message);
    throw error;
  }
}

/** A key that issues tokens: the shared secret (HS256), or the sandbox identity provider's (ES256, with its kid). */
export interface IssuingKey {
  key: KeyObject;
  algorithm: 'HS256' | 'ES256' | 'RS256';
  kid?: string;
}

/**
 * Issues an access token (the sandbox's identity provider, tests, benchmarks) that a verifier with
 * the matching key accepts: `iat` is always set, and a lifetime beyond the configured maximum is
 * refused here rather than producing a token that would be refused at every request. Synchronous
 * (jsonwebtoken), so that a test makes a token in one expression.
 */
export function issueAccessToken(
  auth: AuthConfig,
  issuing: IssuingKey,
  subject: string,
  scopes: readonly string[],
  expiresInSeconds = 3600,
  now: Date = new Date(),
): string {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > auth.maxTokenLifetimeSeconds) {
    throw new RangeError(
      `a token lives from 1 to ${auth.maxTokenLifetimeSeconds} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS), not ${expiresInSeconds}`,
    );
  }
  return jwt.sign({ scope: scopes.join(' '), iat: Math.floor(now.getTime() / 1000) }, issuing.key, {
    algorithm: issuing.algorithm,
    ...(issuing.kid ? { keyid: issuing.kid } : {}),
    subject,
    issuer: auth.issuer,
    audience: auth.audience,
    expiresIn: expiresInSeconds,
  });
}

/** An HS256 token with the shared secret (AUTH_JWT_SECRET): the tests' and benchmarks' tokens. */
export function signAccessToken(
  auth: AuthConfig,
  subject: string,
  scopes: readonly string[],
  expiresInSeconds = 3600,
  now: Date = new Date(),
): string {
  if (!auth.secret) throw new TypeError('signAccessToken needs the shared secret (AUTH_JWT_SECRET), which production never has');
  return issueAccessToken(auth, { key: auth.secret, algorithm: 'HS256' }, subject, scopes, expiresInSeconds, now);
}
