import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { HttpPolicy } from '../config';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../operations/metrics';
import { compressAnswers } from './compress-answers';
import { problemHandler } from './error-handler';
import { observeRequests } from './observe-requests';
import { requestBudget } from './request-budget';
import type { RouteTable } from './route-table';
import { hardenAnswer, noStoreByDefault } from './security-headers';

/** A caller's own request id is kept when it is one of these: it is sent back as a header and written in log lines as it is. */
const REQUEST_ID = /^[\w.-]{1,64}$/;

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
    res.locals.requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', res.locals.requestId as string);
    next();
  };
  return [
    answerDefaults,
    observeRequests(deps.logger, deps.metrics),
    compressAnswers(),
    // Batches and tracing calls take budgets of their own (sized to the batch; tracing-routes.ts).
    requestBudget(
      deps.requestTimeoutMs,
      (path) => path.endsWith(':batch') || path === '/metrics' || path.startsWith('/v1/tracing/queries'),
    ),
  ];
}

/**
 * A listener's app: one layer of express's router for every route (the table, opened by
 * `opening`), then the one problem+json handler. Express gives the request and answer their
 * helpers (req.get, res.set) and runs the two.
 */
export function listenerApp(app: Express, table: RouteTable, logger: Logger): Express {
  app.locals.routeTable = table;
  app.use(table.handler());
  app.use(problemHandler(logger));
  return app;
}
