import jwt from 'jsonwebtoken';
import type { AuthConfig } from '../config';

export type Scope = 'declarations:write' | 'declarations:read' | 'citizens:read' | 'verify' | 'operator';
export const SCOPES: readonly Scope[] = ['declarations:write', 'declarations:read', 'citizens:read', 'verify', 'operator'];

export interface Caller {
  /** The partner or operator the token was issued to. */
  subject: string;
  scopes: ReadonlySet<string>;
}

/** The one algorithm accepted: a token in any other (`none`, RS256 with our secret as a key...) is refused. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

/**
 * Verifies a partner's bearer token: signature (HS256 only), issuer, audience and expiry; a
 * token without `exp` is refused too, since jsonwebtoken accepts one by default.
 */
export function verifyAccessToken(token: string, auth: AuthConfig): Caller {
  const payload = jwt.verify(token, auth.secret, { algorithms: ALGORITHMS, issuer: auth.issuer, audience: auth.audience, clockTolerance: 5 });
  if (typeof payload === 'string' || typeof payload.exp !== 'number' || typeof payload.sub !== 'string') {
    throw new jwt.JsonWebTokenError('token must carry sub and exp');
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return { subject: payload.sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
}

/** Issues an access token (the token command, tests, benchmarks). */
export function signAccessToken(auth: AuthConfig, subject: string, scopes: readonly string[], expiresInSeconds = 3600): string {
  return jwt.sign({ scope: scopes.join(' ') }, auth.secret, {
    algorithm: 'HS256',
    subject,
    issuer: auth.issuer,
    audience: auth.audience,
    expiresIn: expiresInSeconds,
  });
}
