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
 * `crit` header (RFC 7515 §4.1.11: it names extensions we would have to understand; we know none).
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
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new AccessTokenRefused('iat is in the future');
  if (exp - iat > auth.maxTokenLifetimeSeconds) throw new AccessTokenRefused(`token lives longer than ${auth.maxTokenLifetimeSeconds} s`);
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return { subject: sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
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
