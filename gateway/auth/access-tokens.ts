import jwt from 'jsonwebtoken';
import type { AuthConfig } from '../config';

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

/** The one algorithm accepted: a token in any other (`none`, RS256 with our secret as a key...) is refused. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];
/** How far a partner's clock may run ahead or behind ours, for `exp`, `nbf` and `iat`. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies a partner's bearer token: signature (HS256 only), issuer, audience, `exp` and `iat`
 * both present (jsonwebtoken requires neither), `iat` not ahead of our clock beyond the skew, a
 * lifetime `exp - iat` within the configured maximum (so nobody mints a token for years), and no
 * `crit` header (RFC 7515 §4.1.11: it names extensions we would have to understand; we know none),
 * and a `sub` in its one written form (see nonCanonical), so that one caller is one subject.
 * Throws AccessTokenRefused for any token that fails; anything else thrown is a defect.
 */
export function verifyAccessToken(token: string, auth: AuthConfig, now: Date = new Date()): Caller {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { header, payload } = verifySignature(token, auth, nowSeconds);
  if (Object.hasOwn(header, 'crit')) throw new AccessTokenRefused('crit header: no extension is understood here');
  if (typeof payload === 'string') throw new AccessTokenRefused('payload is not a JSON object');
  const { sub, exp, iat } = payload;
  // An empty subject would make every such caller one (their idempotency keys and limits shared).
  if (typeof sub !== 'string' || sub.trim() === '' || typeof exp !== 'number' || typeof iat !== 'number')
    throw new AccessTokenRefused('token must carry sub, exp and iat');
  const odd = nonCanonical(sub);
  if (odd) throw new AccessTokenRefused(`sub ${odd}`);
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new AccessTokenRefused('iat is in the future');
  if (exp - iat > auth.maxTokenLifetimeSeconds) throw new AccessTokenRefused(`token lives longer than ${auth.maxTokenLifetimeSeconds} s`);
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return { subject: sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
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

/** jsonwebtoken's checks (signature, algorithm, iss, aud, exp, nbf), its refusals as ours. */
function verifySignature(token: string, auth: AuthConfig, nowSeconds: number): jwt.Jwt {
  try {
    return jwt.verify(token, auth.secret, {
      algorithms: ALGORITHMS,
      issuer: auth.issuer,
      audience: auth.audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
      clockTimestamp: nowSeconds,
      complete: true,
    });
  } catch (error) {
    // JsonWebTokenError is the parent of TokenExpiredError and NotBeforeError: every refusal of a token.
    if (error instanceof jwt.JsonWebTokenError) throw new AccessTokenRefused(error.message);
    throw error;
  }
}

/**
 * Issues an access token (the token command, tests, benchmarks) that verifyAccessToken accepts:
 * `iat` is always set, and a lifetime beyond the configured maximum is refused here rather than
 * producing a token that would be refused at every request.
 */
export function signAccessToken(
  auth: AuthConfig,
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
  return jwt.sign({ scope: scopes.join(' '), iat: Math.floor(now.getTime() / 1000) }, auth.secret, {
    algorithm: 'HS256',
    subject,
    issuer: auth.issuer,
    audience: auth.audience,
    expiresIn: expiresInSeconds,
  });
}
