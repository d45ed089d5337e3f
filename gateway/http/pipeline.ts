import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { HttpPolicy } from '../config';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../operations/metrics';
import { compressAnswers } from './compress-answers';
import { problemHandler } from './error-handler';
import { observeRequests } from './observe-requests';
import { isUuid, shapedAsPersonalNumber } from './personal-shape';
import { NotFound } from './problems';
import { requestBudget } from './request-budget';
import type { RouteTable } from './route-table';
import { hardenAnswer, noStoreByDefault } from './security-headers';

/**
 * A caller's own request id is kept when it is one of these: it is sent back as a header and written
 * in log lines as it is. Not one shaped as a personal number (a checkpoint system sending the number
 * it scanned), which would put it in every log line of the request: the gateway's own id replaces
 * it. A UUID is kept whatever its digits.
 */
const REQUEST_ID = /^[\w.-]{1,64}$/;
const keptRequestId = (given: unknown): given is string =>
  typeof given === 'string' && REQUEST_ID.test(given) && (isUuid(given) || !shapedAsPersonalNumber(given));

export interface PipelineDependencies {
  logger: Logger;
  metrics: GatewayMetrics;
  requestTimeoutMs: number;
  http?: HttpPolicy;
}

/**
 * What every request meets first, on either listener (the API's, the operators'): the security
 * headers and no-store (first, so that problems, 404s and 503s carry them), its request id,
 * observation (one log line and the HTTP metrics), compression, and its time budget. The handlers,
 * in order, that the listener's route table opens every request with (route-table.ts).
 */
export function openingHandlers(app: Express, deps: PipelineDependencies): RequestHandler[] {
  app.disable('x-powered-by');
  app.set('etag', false);
  const harden = hardenAnswer({ hsts: deps.http?.hsts ?? false });
  // What every answer carries whatever its route: the headers are set in this order.
  const answerDefaults: RequestHandler = (req, res, next) => {
    harden(res);
    noStoreByDefault(res);
    const given = req.headers['x-request-id'];
    res.locals.requestId = keptRequestId(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId as string);
    next();
  };
  return [
    answerDefaults,
    observeRequests(deps.logger, deps.metrics),
    compressAnswers(),
    // Batches and tracing calls take budgets of their own (sized to the batch; tracing-routes.ts).
    requestBudget(deps.requestTimeoutMs, ownBudget),
  ];
}

/**
 * The paths whose requests keep a budget of their own, read as the routes match them (any case, one
 * trailing slash): `:BATCH` took the single request's 2 s, answered 503 "nothing was acknowledged"
 * while its records went on being stored.
 */
function ownBudget(path: string): boolean {
  const route = (path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
  return route.endsWith(':batch') || route === '/metrics' || route.startsWith('/v1/tracing/queries');
}

const isPrototypeOf = (prototype: object, value: object): boolean => Object.prototype.isPrototypeOf.call(prototype, value);

/** Express's app.handle, which this file replaces on a listener's app (express.js calls it for every request). */
type HandledApp = Express & { handle: (req: IncomingMessage, res: ServerResponse) => void };

/**
 * A listener's app: express's request and answer helpers (req.get, res.set), the table for every
 * route (opened by `openingHandlers`), then the one problem+json handler. Express's router is not
 * entered: with one layer it only passed each request through its own machinery, 3-5% of a
 * request's CPU and 7% of what it allocated in a window scan's profiles (issue 12). What express's
 * app.handle does before its router is done here: the two objects linked and given express's
 * prototypes, the locals, and what the router sets for a route at the root (originalUrl, baseUrl).
 * So the app is a listener's whole app, never mounted in another (express's `next` from a parent is
 * not taken), and express's router no longer reports requests on its diagnostics channel.
 */
export function listenerApp(app: Express, table: RouteTable, logger: Logger): Express {
  app.locals.routeTable = table;
  const serve = table.handler();
  const problems = problemHandler(logger);
  const { request, response } = app;
  const failed = (error: unknown, req: Request, res: Response): void => {
    try {
      problems(error ?? new NotFound('no route serves this path'), req, res, () => {});
    } catch (unanswered) {
      // What express's final handler did: logged, and the client told it failed (no stack), with
      // none of the headers set for the answer that failed (a length or an encoding would make a
      // keep-alive client read the next answer as this one's body).
      logger.error({ err: unanswered }, 'the problem handler failed');
      if (res.headersSent) return void res.destroy();
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.writeHead(500, { 'Content-Length': '0', Connection: 'close' }).end();
    }
  };
  (app as HandledApp).handle = (incoming, answer) => {
    // Born with them on the listener's own server (expressServerClasses); changed here elsewhere (tests).
    const req = (isPrototypeOf(request, incoming) ? incoming : Object.setPrototypeOf(incoming, request)) as Request;
    const res = (isPrototypeOf(response, answer) ? answer : Object.setPrototypeOf(answer, response)) as Response;
    req.res = res;
    res.req = req;
    res.locals ??= Object.create(null) as Response['locals'];
    req.originalUrl ??= req.url;
    req.baseUrl = '';
    try {
      serve(req, res, (error?: unknown) => failed(error, req, res));
    } catch (error) {
      // Outside any handler (the table's own matching): as express's router, to the problem handler.
      failed(error, req, res);
    }
  };
  return app;
}

/**
 * The request and answer classes of a listener's HTTP server (http-server.ts): born with express's
 * prototypes for `app`, so that its handle changes no object's prototype per request. Express's
 * own handle did, and V8 paid for it well past the call: the handle's own time was 3% of a window
 * scan's CPU, the whole request's about a third (README, Requests born with express's prototypes).
 */
export function expressServerClasses(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  class ListenerRequest extends IncomingMessage {}
  Object.setPrototypeOf(ListenerRequest.prototype, app.request);
  class ListenerResponse extends ServerResponse {}
  Object.setPrototypeOf(ListenerResponse.prototype, app.response);
  // ServerResponse's type is generic in its request; the class is node's own, subclassed as it is.
  return { IncomingMessage: ListenerRequest, ServerResponse: ListenerResponse as typeof ServerResponse };
}
