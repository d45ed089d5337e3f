import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { HttpPolicy } from '../config';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../operations/metrics';
import { compressAnswers } from './compress-answers';
import { notFoundHandler, problemHandler } from './error-handler';
import { methodNotAllowed } from './method-not-allowed';
import { observeRequests } from './observe-requests';
import { requestBudget } from './request-budget';
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
 * observation (one log line and the HTTP metrics), compression, and its time budget.
 */
export function openPipeline(app: Express, deps: PipelineDependencies): void {
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
  app.use(
    inTurn([
      answerDefaults,
      observeRequests(deps.logger, deps.metrics, app),
      compressAnswers(),
      // Batches and tracing calls take budgets of their own (sized to the batch; tracing-routes.ts).
      requestBudget(
        deps.requestTimeoutMs,
        (path) => path.endsWith(':batch') || path === '/metrics' || path.startsWith('/v1/tracing/queries'),
      ),
    ]),
  );
}

/**
 * Middleware that each call next at once, run in turn as one layer of the app's router: the router
 * spends a few microseconds on each layer it passes (matching, its own next), and every request
 * passes these. An error passed to next, or thrown, goes to the router as it would from a layer.
 */
function inTurn(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      const handler = handlers[index++];
      if (handler === undefined) return next();
      void handler(req, res, step);
    };
    step();
  };
}

/** What every request meets last, on either listener: 405 for a known path's wrong method, 404, and the one problem+json handler. */
export function closePipeline(app: Express, logger: Logger): void {
  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
}
