import express, { type Express } from 'express';
import type { AppDependencies } from './app';
import { authenticate } from './authenticate';
import { closePipeline, openPipeline } from './pipeline';
import { rateLimit } from './rate-limit';
import { operatorRoutes } from './routes/operator-routes';
import { metricsAndDashboardRoutes, probeRoutes } from './routes/public-routes';

export type OpsAppDependencies = Pick<
  AppDependencies,
  'auth' | 'verifyToken' | 'rateLimiting' | 'readiness' | 'fleet' | 'metrics' | 'store' | 'audit' | 'logger' | 'requestTimeoutMs' | 'http'
>;

/**
 * The operators' listener (OPS_PORT): the same pipeline as the API's (pipeline.ts: headers, request
 * id, observation, budget; 405, 404, problem+json) around the operators' surface alone: the probes,
 * /metrics, the dashboard page, and the operator API its page calls from the same origin
 * (/v1/adapters, a breaker's action, /v1/audit; an operator token, as on the API port). Nothing a
 * partner calls is here, and no CORS: the page is served from this origin.
 */
export function createOpsApp(deps: OpsAppDependencies): Express {
  const app = express();
  openPipeline(app, deps);
  app.use(probeRoutes(deps));
  app.use(metricsAndDashboardRoutes(deps));

  app.use('/v1', authenticate(deps.auth, undefined, deps.verifyToken));
  if (deps.rateLimiting) app.use('/v1', rateLimit(deps.rateLimiting));
  app.use(operatorRoutes(deps));

  closePipeline(app, deps.logger);
  return app;
}
