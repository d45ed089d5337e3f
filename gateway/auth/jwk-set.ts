/** The algorithms of an identity provider's access tokens: asymmetric only, so that no verifier can mint a token. */
export const IDP_ALGORITHMS = ['ES256', 'RS256'] as const;

/** Members of a JWK that only a private or secret key has: a JWKS holding one has leaked its key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/**
 * Why a JSON Web Key Set cannot verify the identity provider's tokens; undefined when it can: an
 * object with `keys`, no private or secret key among them, and at least one signing key for ES256
 * (EC P-256) or RS256 (RSA) that names its `kid`. Keys for other uses (an IdP's `enc` keys) are
 * left to the IdP: jose's key selection never picks them for a signature.
 */
export function jwkSetProblem(set: unknown): string | undefined {
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (typeof set !== 'object' || !Array.isArray(keys)) return 'is not a JSON Web Key Set ({"keys": [...]})';
  if (keys.some((k) => typeof k !== 'object' || k === null)) return 'holds a key that is not a JSON object';
  const jwks = keys as Record<string, unknown>[];
  const leaked = jwks.findIndex((k) => PRIVATE_MEMBERS.some((member) => Object.hasOwn(k, member)));
  if (leaked >= 0) return `/keys/${leaked} is a private or secret key: publish public keys only`;
  if (!jwks.some(isSigningKey)) return 'holds no ES256 (EC P-256) or RS256 (RSA) signing key with a kid';
  return undefined;
}

function isSigningKey(jwk: Record<string, unknown>): boolean {
  if (typeof jwk.kid !== 'string' || jwk.kid === '' || (jwk.use !== undefined && jwk.use !== 'sig')) return false;
  if (jwk.kty === 'EC') return jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256');
  return jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256');
}
