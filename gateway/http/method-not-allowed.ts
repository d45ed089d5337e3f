import type { Express, RequestHandler } from 'express';
import { MethodNotAllowed } from './problems';

/** What this reads of express's router: its layers, each a route (with its methods) or a mounted router. */
interface Layer {
  route?: { methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
  match(path: string): { path: string } | false;
}

/**
 * Placed after every route, before the 404: a path that a route serves, asked with a method none of
 * its routes takes, is a 405 with `Allow` naming the methods that are taken (HEAD wherever GET is).
 * The routes are read from the app itself, so the answer cannot drift from what is served. Under /v1
 * a caller meets it only once its token is good: without one, every path is a 401.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = methodsServing((app.router as unknown as { stack: Layer[] }).stack, req.path);
    if (allowed.size === 0) return next();
    const allow = [...allowed].join(', ');
    res.set('Allow', allow);
    next(new MethodNotAllowed(`${req.method} ${req.path} is not served; this path takes ${allow}`));
  };
}

function methodsServing(stack: Layer[], path: string, methods = new Set<string>()): Set<string> {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      // `_all` (router.all) takes every method: such a path never reaches here.
      for (const [method, served] of Object.entries(layer.route.methods))
        if (served && method !== '_all') methods.add(method.toUpperCase());
      if (methods.has('GET')) methods.add('HEAD');
    } else if (layer.handle?.stack) {
      // A router mounted under a prefix sees the rest of the path.
      methodsServing(layer.handle.stack, path.slice(matched.path.length) || '/', methods);
    }
  }
  return methods;
}
