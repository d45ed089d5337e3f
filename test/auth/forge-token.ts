import { SignJWT } from 'jose';
import type { AuthConfig } from '../../gateway/config';

export interface ForgedToken {
  /** Issue time, epoch seconds; null leaves `iat` out. */
  iat?: number | null;
  /** Lifetime in seconds from `iat` (or from now without it). */
  lifetime?: number;
  header?: Record<string, unknown>;
  scope?: string;
  /** The caller named; `partner` unless the test is about the subject. */
  subject?: string;
}

/**
 * A token signed with the gateway's own secret by a standard JOSE library, as a partner's code
 * might make it: right issuer, audience and signature, with the claim or header a test is about.
 */
export function forgeToken(
  auth: AuthConfig,
  { iat = Math.floor(Date.now() / 1000), lifetime = 600, header = {}, scope = 'declarations:read', subject = 'partner' }: ForgedToken = {},
): Promise<string> {
  const jwt = new SignJWT({ scope })
    .setProtectedHeader({ ...header, alg: 'HS256' })
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setSubject(subject);
  const from = iat ?? Math.floor(Date.now() / 1000);
  if (iat !== null) jwt.setIssuedAt(iat);
  if (!auth.secret) throw new TypeError('forgeToken signs with the shared secret (AUTH_JWT_SECRET)');
  return jwt.setExpirationTime(from + lifetime).sign(auth.secret);
}
