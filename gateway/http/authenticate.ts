import type { RequestHandler } from 'express';
import { verifyAccessToken, type Caller, type Scope } from '../auth/access-tokens';
import type { AuthConfig } from '../config';
import { Forbidden, Unauthorized } from './problems';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Checks the bearer token of every request it guards; the caller is then `res.locals.caller`. */
export function authenticate(auth: AuthConfig): RequestHandler {
  return (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match) return next(new Unauthorized('send a bearer token: Authorization: Bearer <JWT>'));
    try {
      res.locals.caller = verifyAccessToken(match[1] as string, auth);
    } catch {
      // Why a token failed (expired, wrong audience, forged) is not told: the caller knows what it sent.
      return next(new Unauthorized('the bearer token is invalid or expired'));
    }
    next();
  };
}

export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    const caller = res.locals.caller as Caller;
    next(caller.scopes.has(scope) ? undefined : new Forbidden(`this route needs the scope "${scope}"`));
  };
}
