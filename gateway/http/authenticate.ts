import type { RequestHandler } from 'express';
import { AccessTokenRefused, accessTokenVerifier, type AccessTokenVerifier, type Caller, type Scope } from '../auth/access-tokens';
import { KeysUnavailable } from '../auth/identity-provider-keys';
import type { AuthConfig } from '../config';
import { delaySeconds } from './problem-table';
import { BadRequest, Forbidden, Unauthorized, UpstreamUnavailable } from './problems';

/** The realm of every bearer challenge: the one protection space of the API. */
export const BEARER_REALM = 'vnhc-gateway';

/** The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are Bearer too. */
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Checks the bearer token of every request it guards; the caller is then `res.locals.caller`. The
 * verifier (and the identity provider's key set it caches) is made once: by the composition root,
 * which reads the keys at start and shares them between listeners, or else here. A refused token is a
 * 401; the identity provider's keys out of reach is a 503 whose Retry-After is when they are fetched next
 * (the token may be good, so the caller should retry rather than fetch a new one); any other error is the gateway's own (a 500).
 * A malformed token is a 401 before any key is read.
 */
export function authenticate(
  auth: AuthConfig,
  clock: () => Date = () => new Date(),
  verify: AccessTokenVerifier = accessTokenVerifier(auth),
): RequestHandler {
  return async (req, res, next) => {
    if (authorizationHeaders(req.rawHeaders) > 1)
      return next(new BadRequest('send one Authorization header', [{ pointer: '/headers/authorization', message: 'sent more than once' }]));
    const given = req.get('authorization');
    const match = BEARER.exec(given ?? '');
    if (!match)
      return next(
        new Unauthorized(
          given === undefined
            ? 'send a bearer token: Authorization: Bearer <JWT>'
            : // An unsigned token (alg none) ends with an empty signature: it is never read as a token.
              'the Authorization header holds no signed bearer token: Bearer <JWT>, three base64url parts, none empty',
        ),
      );
    try {
      res.locals.caller = await verify(match[1] as string, clock());
    } catch (error) {
      // Why a token failed (expired, wrong audience, forged) is not told: the caller knows what it sent.
      if (error instanceof AccessTokenRefused) return next(new Unauthorized('the bearer token is invalid or expired'));
      if (error instanceof KeysUnavailable) {
        // Sooner is pointless: no fetch is tried before the cooldown ends.
        res.set('Retry-After', String(delaySeconds(error.retryAfterMs)));
        return next(
          new UpstreamUnavailable("the identity provider's keys cannot be read now, so the token was not judged; send it again", [], {
            cause: error,
          }),
        );
      }
      return next(error);
    }
    next();
  };
}

/**
 * How many Authorization headers a request carries. Node keeps the first of several; a proxy in front
 * may keep the last, and the two would then disagree about who the caller is: more than one is refused.
 */
function authorizationHeaders(raw: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === 'authorization') count += 1;
  }
  return count;
}

/**
 * A good token without the route's scope: a 403 whose answer challenges with RFC 6750 §3.1's
 * `insufficient_scope` and the scope it needs (the first, where several would do), set where the
 * problem is sent (error-handler.ts), as a 401's challenge is.
 */
export class ScopeMissing extends Forbidden {
  constructor(
    readonly scope: Scope,
    needed: string,
  ) {
    super(`this route needs the scope ${needed}`);
  }
}

/** Lets in a caller granted `scope`, or any of `alternatives` (a venue is read by `venues:read` or `tracing`). */
export function requireScope(scope: Scope, ...alternatives: Scope[]): RequestHandler {
  const granted = [scope, ...alternatives];
  const needed = granted.map((s) => `"${s}"`).join(' or ');
  return (_req, res, next) => {
    const caller = res.locals.caller as Caller;
    next(granted.some((s) => caller.scopes.has(s)) ? undefined : new ScopeMissing(scope, needed));
  };
}
