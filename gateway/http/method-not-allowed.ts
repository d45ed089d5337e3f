import type { Express, RequestHandler } from 'express';
import { MethodNotAllowed } from './problems';
import { routesServing } from './served-routes';

/**
 * Placed after every route, before the 404: a path that a route serves, asked with a method none of
 * its routes takes, is a 405 with `Allow` naming the methods that are taken (HEAD wherever GET is).
 * The routes are read from the app itself, so the answer cannot drift from what is served. Under /v1
 * a caller meets it only once its token is good: without one, every path is a 401.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = new Set(routesServing(app, req.path).flatMap((route) => route.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0) return next();
    const allow = [...allowed].join(', ');
    res.set('Allow', allow);
    next(new MethodNotAllowed(`${req.method} ${req.path} is not served; this path takes ${allow}`));
  };
}
