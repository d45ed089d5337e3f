import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { match } from 'path-to-regexp';
import { BadRequest, MethodNotAllowed, NotFound } from './problems';

/** A route: its method, its template in express's syntax (`/v1/citizens/:citizenId`, `\\:` a literal colon), its handlers in order. */
interface RouteDefinition {
  method: string;
  template: string;
  handlers: RequestHandler[];
}

/**
 * A route file's routes, declared as on express's Router (`routes().get(template, ...handlers)`),
 * served by a RouteTable. A handler goes on with `next()` or fails with `next(error)`; express's
 * `next('route')` and `next('router')` are not supported (nothing here uses them): they are errors.
 */
export class Routes {
  readonly definitions: RouteDefinition[] = [];

  get(template: string, ...handlers: RequestHandler[]): this {
    return this.add('GET', template, handlers);
  }

  post(template: string, ...handlers: RequestHandler[]): this {
    return this.add('POST', template, handlers);
  }

  put(template: string, ...handlers: RequestHandler[]): this {
    return this.add('PUT', template, handlers);
  }

  delete(template: string, ...handlers: RequestHandler[]): this {
    return this.add('DELETE', template, handlers);
  }

  /** A route of any method (HEAD, OPTIONS...): the four above are this with their method. */
  add(method: string, template: string, handlers: RequestHandler[]): this {
    this.definitions.push({ method, template, handlers });
    return this;
  }
}

export function routes(): Routes {
  return new Routes();
}

/** A route that serves a path: its template as logged and labelled (`/v1/citizens/:citizenId`) and its methods. */
export interface ServedRoute {
  template: string;
  methods: string[];
}

/** Middleware for every path under a prefix (`/v1`: the token, the rate limits), met before a route's own. */
export interface PrefixMiddleware {
  prefix: string;
  handlers: RequestHandler[];
}

interface CompiledRoute {
  method: string;
  /** As logged and labelled: the literal colon unescaped. */
  template: string;
  /**
   * Its parameters when it serves `path` (`lowered`: the path lower-cased, without a trailing slash),
   * else undefined: a literal template compared with `lowered`, a parameterised one matched.
   */
  match: (path: string, lowered: string) => Record<string, string> | undefined;
  /** Everything the request meets, in order: the opening handlers, its prefixes' middleware, its own. */
  chain: RequestHandler[];
}

/**
 * Every route of a listener behind one handler, compiled once (a listener's app calls it without
 * express's router: pipeline.ts). Express's router passes each request through a layer per
 * middleware and per router, matching, restoring and re-entering at each; a gateway of a dozen
 * route files paid that on every request (issue 12).
 * Here a request is matched once against the routes of its method (a literal path compared, a
 * parameterised one matched by path-to-regexp, as express's router does: case-insensitive, an
 * optional trailing slash, parameters percent-decoded) and runs one precomputed chain. The order
 * is express's: the opening handlers (`before`: headers, request id, observation, budget, CORS),
 * then the middleware of the prefixes the path lies under (`under`: the token under /v1, so that any
 * path there is a 401 without one), then the route's own handlers; registration order decides
 * between routes; HEAD is served by a GET route. A path no route serves meets the same opening and
 * prefixes, then a 405 naming the methods its path takes (HEAD wherever GET), or a 404; OPTIONS too,
 * as the API documents (express's router answered it 200 with Allow; a listed origin's preflight is
 * answered by CORS, in the opening). Errors, thrown, rejected or passed to next, go on to the app's
 * error handler, as from a layer.
 */
export class RouteTable {
  /** Per method, its routes in registration order; HEAD's are its own, then GET's (a GET route serves HEAD). */
  private readonly byMethod = new Map<string, CompiledRoute[]>();
  private readonly all: CompiledRoute[] = [];

  constructor(
    groups: Routes[],
    private readonly before: RequestHandler[],
    private readonly under: PrefixMiddleware[] = [],
  ) {
    for (const { method, template, handlers } of groups.flatMap((g) => g.definitions)) {
      const literal = !/(^|[^\\]):/.test(template) && !/[*{]/.test(template);
      const shown = template.replace(/\\:/g, ':');
      this.all.push({
        method,
        template: shown,
        match: literal ? literalMatch(loweredPath(shown)) : paramsOf(template),
        chain: [...before, ...this.prefixesOf(shown), ...handlers],
      });
    }
    for (const method of new Set([...this.all.map((r) => r.method), 'HEAD'])) {
      const own = this.all.filter((r) => r.method === method);
      this.byMethod.set(method, method === 'HEAD' ? [...own, ...this.all.filter((r) => r.method === 'GET')] : own);
    }
  }

  /** The one handler: the request's route found and its chain run, or the opening, its prefixes and a 405 or 404 (to `next`, as errors). */
  handler(): RequestHandler {
    return (req, res, next) => {
      let path: string;
      try {
        path = req.path;
      } catch (error) {
        // A request target node's parser lets through and url.parse refuses (`http://[::1/`).
        if ((error as { code?: unknown }).code !== 'ERR_INVALID_URL') return next(error);
        return next(new BadRequest('the request target is not a URL path', [{ pointer: '', message: 'unparseable request target' }]));
      }
      let found: { route: CompiledRoute; params: Record<string, string> } | undefined;
      try {
        found = this.find(req.method, path);
      } catch (error) {
        // A parameter that is not percent-encoding (`%ZZ`): the client's 400, once the path's prefix
        // middleware let it through (without a token under /v1 it is a 401, which tells no route).
        return run(this.unmatchedChain(path), req, res, () => next(error), next);
      }
      if (!found) return run(this.unmatchedChain(path), req, res, () => this.refuse(req, res, next, path), next);
      req.params = found.params;
      res.locals.route = found.route.template;
      run(found.route.chain, req, res, () => this.refuse(req, res, next, path), next);
    };
  }

  /** The routes serving `path` (any method): for the 405's Allow, and a test's list of what a listener serves. */
  serving(path: string): ServedRoute[] {
    const lowered = loweredPath(path);
    const served = new Map<string, string[]>();
    for (const route of this.all) {
      if (!route.match(path, lowered)) continue;
      served.set(route.template, [...(served.get(route.template) ?? []), route.method]);
    }
    return [...served].map(([template, methods]) => ({ template, methods }));
  }

  /** Every route, `METHOD template`. */
  list(): string[] {
    return this.all.map((r) => `${r.method} ${r.template}`);
  }

  private find(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    const routes = this.byMethod.get(method);
    if (!routes) return undefined;
    const lowered = loweredPath(path);
    for (const route of routes) {
      const params = route.match(path, lowered);
      if (params) return { route, params };
    }
    return undefined;
  }

  private prefixesOf(path: string): RequestHandler[] {
    const lowered = path.toLowerCase();
    return this.under.filter(({ prefix }) => lowered === prefix || lowered.startsWith(`${prefix}/`)).flatMap((p) => p.handlers);
  }

  /** Made per request: only a path no route serves (a 404, a 405, a 400) meets it. */
  private unmatchedChain(path: string): RequestHandler[] {
    const prefixed = this.prefixesOf(path);
    return prefixed.length === 0 ? this.before : [...this.before, ...prefixed];
  }

  /** Nothing answered: a 405 when the path (as the handler read it) is served with other methods, else a 404. */
  private refuse(req: Request, res: Response, next: NextFunction, path: string): void {
    let allowed: Set<string>;
    try {
      allowed = new Set(this.serving(path).flatMap((route) => route.methods));
    } catch (error) {
      return next(error);
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    // Neither repeats the path: a caller's path may hold a personal number (GET /v1/citizens/<a CCCD>).
    if (allowed.size === 0) return next(new NotFound('no route serves this path'));
    const allow = [...allowed].join(', ');
    res.set('Allow', allow);
    next(new MethodNotAllowed(`this path does not take ${req.method}; it takes ${allow}`));
  }
}

/** The table an app was built with (app.locals.routeTable), for what reads a listener's routes. */
export function routeTableOf(app: Express): RouteTable {
  return app.locals.routeTable as RouteTable;
}

/**
 * Runs `chain` in order, each handler calling next to go on: an error (passed, thrown, or a promise
 * rejected) goes to `failed`, as express's layers send it to the error handler; past the last, `done`.
 */
function run(chain: RequestHandler[], req: Request, res: Response, done: () => void, failed: NextFunction): void {
  let index = 0;
  const step = (error?: unknown): void => {
    if (error !== undefined && error !== null && error !== false) return failed(error);
    const handler = chain[index++];
    if (handler === undefined) return done();
    try {
      const result: unknown = handler(req, res, step);
      if (result instanceof Promise) result.then(undefined, (reason: unknown) => failed(reason || new Error('Rejected promise')));
    } catch (thrown) {
      failed(thrown || new Error('Thrown without a value'));
    }
  };
  step();
}

/** How a path is compared with a literal template: lower-cased, one trailing slash dropped (express's options). */
function loweredPath(path: string): string {
  return withoutTrailingSlash(path.toLowerCase());
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** A literal template's matcher: the path, as loweredPath gives it, compared. */
function literalMatch(literal: string): CompiledRoute['match'] {
  return (_path, lowered) => (lowered === literal ? {} : undefined);
}

/** A parameterised template's matcher, with express's router's options (case-insensitive, optional trailing slash, decoded). */
function paramsOf(template: string): CompiledRoute['match'] {
  const matcher = match<Record<string, string>>(template, { sensitive: false, end: true, trailing: true, decode: decodeURIComponent });
  return (path) => {
    const result = matcher(path);
    return result ? { ...result.params } : undefined;
  };
}
