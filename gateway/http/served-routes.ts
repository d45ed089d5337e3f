import type { Express } from 'express';

/** What this reads of express's router: its layers, each a route (its template and methods) or a mounted router. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
  match(path: string): { path: string } | false;
}

/** A route that serves a path: its template (`/v1/citizens/:citizenId`, with its mount prefix) and methods. */
export interface ServedRoute {
  template: string;
  methods: string[];
}

/**
 * The app's routes that serve `path`, read from the app itself so that nothing drifts from what is
 * served: for the 405's `Allow`, and for the route of a request answered before it was routed (a 401
 * or a 429 under /v1), so that its metrics and log line name the route and not `unmatched`.
 */
export function routesServing(app: Express, path: string): ServedRoute[] {
  return walk((app.router as unknown as { stack: Layer[] }).stack, path, '', []);
}

function walk(stack: Layer[], path: string, prefix: string, found: ServedRoute[]): ServedRoute[] {
  for (const layer of stack) {
    const matched = matchOf(layer, path);
    if (!matched) continue;
    if (layer.route) {
      // `_all` (router.all) takes every method.
      const methods = Object.entries(layer.route.methods).flatMap(([method, served]) =>
        served && method !== '_all' ? [method.toUpperCase()] : [],
      );
      found.push({ template: `${prefix}${layer.route.path}`, methods });
    } else if (layer.handle?.stack) {
      // A router mounted under a prefix sees the rest of the path.
      const mount = matched.path === '/' ? '' : matched.path;
      walk(layer.handle.stack, path.slice(mount.length) || '/', prefix + mount, found);
    }
  }
  return found;
}

/**
 * The layer's match of `path`; false for a path whose parameter is not percent-encoding (`%ZZ`),
 * which express itself answers 400 and which no route can then be said to serve.
 */
function matchOf(layer: Layer, path: string): { path: string } | false {
  try {
    return layer.match(path);
  } catch (error) {
    if (error instanceof URIError) return false;
    throw error;
  }
}
