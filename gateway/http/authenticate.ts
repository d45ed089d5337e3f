import type { RequestHandler } from 'express';
import { AccessTokenRefused, verifyAccessToken, type Caller, type Scope } from '../auth/access-tokens';
import type { AuthConfig } from '../config';
import { Forbidden, Unauthorized } from './problems';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Checks the bearer token of every request it guards; the caller is then `res.locals.caller`.
 * A refused token is a 401; any other error is the gateway's own and goes on as one (a 500).
 */
export function authenticate(auth: AuthConfig, clock: () => Date = () => new Date()): RequestHandler {
  return (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match) return next(new Unauthorized('send a bearer token: Authorization: Bearer <JWT>'));
    try {
      res.locals.caller = verifyAccessToken(match[1] as string, auth, clock());
    } catch (error) {
      // Why a token failed (expired, wrong audience, forged) is not told: the caller knows what it sent.
      return next(error instanceof AccessTokenRefused ? new Unauthorized('the bearer token is invalid or expired') : error);
    }
    next();
  };
}

/** Lets in a caller granted `scope`, or any of `alternatives` (a venue is read by `venues:read` or `tracing`). */
export function requireScope(scope: Scope, ...alternatives: Scope[]): RequestHandler {
  const granted = [scope, ...alternatives];
  const needed = granted.map((s) => `"${s}"`).join(' or ');
  return (_req, res, next) => {
    const caller = res.locals.caller as Caller;
    next(granted.some((s) => caller.scopes.has(s)) ? undefined : new Forbidden(`this route needs the scope ${needed}`));
  };
}
