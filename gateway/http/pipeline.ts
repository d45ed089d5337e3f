import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { HttpPolicy } from '../config';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../operations/metrics';
import { compressAnswers } from './compress-answers';
import { notFoundHandler, problemHandler } from './error-handler';
import { methodNotAllowed } from './method-not-allowed';
import { observeRequests } from './observe-requests';
import { requestBudget } from './request-budget';
import { noStoreByDefault, securityHeaders } from './security-headers';

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
  app.use(securityHeaders({ hsts: deps.http?.hsts ?? false }), noStoreByDefault);
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', res.locals.requestId);
    next();
  });
  app.use(observeRequests(deps.logger, deps.metrics, app));
  app.use(compressAnswers());
  // Batches and tracing calls take budgets of their own (sized to the batch; tracing-routes.ts).
  app.use(
    requestBudget(
      deps.requestTimeoutMs,
      (path) => path.endsWith(':batch') || path === '/metrics' || path.startsWith('/v1/tracing/queries'),
    ),
  );
}

/** What every request meets last, on either listener: 405 for a known path's wrong method, 404, and the one problem+json handler. */
export function closePipeline(app: Express, logger: Logger): void {
  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
}
