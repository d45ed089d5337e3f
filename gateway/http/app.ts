import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { AdapterRegistry } from '../../adapters';
import type { AuthConfig } from '../config';
import type { CitizenQr } from '../identity/citizen-qr';
import type { IngestService } from '../ingest/ingest-service';
import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';
import type { Logger } from '../logging/logger';
import type { AuditLog } from '../operations/audit-log';
import type { FleetStatus } from '../operations/fleet-status';
import type { GatewayMetrics } from '../operations/metrics';
import { notFoundHandler, problemHandler } from './error-handler';
import { observeRequests } from './observe-requests';
import { requestBudget } from './request-budget';
import { operatorRoutes } from './routes/operator-routes';
import { loadOpenApiDocument } from './openapi-document';
import { citizenRoutes } from './routes/citizen-routes';
import { ingestRoutes } from './routes/ingest-routes';
import { verifyRoutes } from './routes/verify-routes';
import type { VerifyService } from '../verify/verify-service';

export interface AppDependencies {
  auth: AuthConfig;
  registry: AdapterRegistry;
  store: GatewayStore;
  ingest: IngestService;
  citizenQr: CitizenQr;
  unifiedQr: UnifiedQr;
  verify: VerifyService;
  fleet: FleetStatus;
  audit: AuditLog;
  metrics: GatewayMetrics;
  logger: Logger;
  requestTimeoutMs: number;
}

/**
 * The whole request pipeline, in the order a request meets it: request id, observation (one log
 * line and the HTTP metrics per request), public routes (health, keys, the API document), then
 * /v1 where each route authenticates, checks its scope, reads its body, honours Idempotency-Key
 * and calls the domain; the operators' routes; last, the one problem+json handler.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const openApi = JSON.stringify(loadOpenApiDocument());
  const jwks = JSON.stringify(deps.unifiedQr.jwks);

  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', res.locals.requestId);
    next();
  });
  app.use(observeRequests(deps.logger, deps.metrics));
  app.use(requestBudget(deps.requestTimeoutMs, (path) => path.endsWith(':batch') || path === '/metrics'));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/json').send(jwks);
  });
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });

  app.use(ingestRoutes(deps));
  app.use(citizenRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(operatorRoutes(deps));

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
