import express, { type Express } from 'express';
import { v1Guards, type AppDependencies } from './app';
import { listenerApp, openingHandlers } from './pipeline';
import { RouteTable } from './route-table';
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
  const table = new RouteTable([probeRoutes(deps), metricsAndDashboardRoutes(deps), operatorRoutes(deps)], openingHandlers(app, deps), [
    { prefix: '/v1', handlers: v1Guards(deps) },
  ]);
  return listenerApp(app, table, deps.logger);
}
