import express, { type Express, type RequestHandler } from 'express';
import type { AdapterRegistry } from '../../adapters';
import type { AccessTokenVerifier } from '../auth/access-tokens';
import type { AuthConfig, BatchLimits, HttpPolicy, TracingLimits } from '../config';
import type { CitizenQr } from '../identity/citizen-qr';
import type { IngestService } from '../ingest/ingest-service';
import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';
import type { Logger } from '../logging/logger';
import type { AuditLog } from '../operations/audit-log';
import type { TracingAuditLog } from '../operations/tracing-audit';
import type { FleetStatus } from '../operations/fleet-status';
import type { GatewayMetrics } from '../operations/metrics';
import type { WriteReadiness } from '../operations/readiness';
import { corsPolicy } from './cors-policy';
import { listenerApp, openingHandlers } from './pipeline';
import { RouteTable } from './route-table';
import { authenticate } from './authenticate';
import { rateLimit, type RateLimiting } from './rate-limit';
import { operatorRoutes } from './routes/operator-routes';
import { metricsAndDashboardRoutes, probeRoutes, publicRoutes } from './routes/public-routes';
import { citizenRoutes } from './routes/citizen-routes';
import { batchAdmissionFor, ingestRoutes } from './routes/ingest-routes';
import { verifyRoutes } from './routes/verify-routes';
import type { VerifyService } from '../verify/verify-service';
import type { VenueService } from '../venues/venue-service';
import { venueRoutes } from './routes/venue-routes';
import type { CheckinService } from '../checkins/checkin-service';
import { checkinRoutes } from './routes/checkin-routes';
import type { TracingService } from '../tracing/tracing-service';
import { tracingRoutes } from './routes/tracing-routes';
import type { NoticeService } from '../notices/notice-service';
import { noticeRoutes } from './routes/notice-routes';

export interface AppDependencies {
  auth: AuthConfig;
  /** The verifier the composition made, its IdP keys read at start and shared by both listeners; else authenticate makes one. */
  verifyToken?: AccessTokenVerifier;
  registry: AdapterRegistry;
  store: GatewayStore;
  ingest: IngestService;
  citizenQr: CitizenQr;
  unifiedQr: UnifiedQr;
  verify: VerifyService;
  venues: VenueService;
  checkins: CheckinService;
  tracing: TracingService;
  notices: NoticeService;
  fleet: FleetStatus;
  audit: AuditLog;
  /** Tracing's own audit trail (queries, contacts, notices), kept for the check-ins' retention. */
  tracingAudit: TracingAuditLog;
  metrics: GatewayMetrics;
  /** /readyz: a write on every primary, cached briefly. */
  readiness: WriteReadiness;
  logger: Logger;
  requestTimeoutMs: number;
  /** SERVER_REQUEST_TIMEOUT_MS: a whole request's time, a batch's body included (its read stops a little before). */
  serverRequestTimeoutMs?: number;
  /** Scans served at once by this process; past it, 503 with Retry-After. */
  maxScansInFlight: number;
  /** Of those, one caller's at most; past it, 429 with Retry-After (undefined: no bound but the process's). */
  maxScansInFlightPerCaller?: number;
  /** Batches running at once, in this process and per caller (BATCH_MAX_IN_FLIGHT, BATCH_MAX_IN_FLIGHT_PER_CALLER). */
  batches?: BatchLimits;
  /** A tracing call's budget and the queries one process answers at once (TRACING_BUDGET_MS, TRACING_MAX_QUERIES). */
  tracingLimits?: TracingLimits;
  /** Per-caller rate limits by class of route (RATE_LIMITS); undefined: off. */
  rateLimiting?: RateLimiting;
  /** CORS origins and HSTS (config.http); without it, no CORS and no HSTS. */
  http?: HttpPolicy;
  /** Metrics and the dashboard page served by the operators' listener (OPS_PORT) instead: 404 here. */
  opsOnOwnListener?: boolean;
}

/**
 * The whole request pipeline, in the order a request meets it: request id, observation (one log
 * line and the HTTP metrics per request), the request's time budget (pipeline.ts); a listed origin's
 * preflight; then, under /v1, the bearer token, checked once for every route, and the rate limits;
 * then the route, which checks its scope, reads its body (raw, one parser), honours Idempotency-Key
 * where it writes, and calls the domain through one wrapper. Without a token: the probes, the public
 * documents (keys, the API document) and, unless the operators have a listener of their own
 * (`opsOnOwnListener`, OPS_PORT: gateway/http/ops-app.ts), metrics and the dashboard page. A path
 * no route serves is a 405 or a 404; every error, one problem+json handler. Every route is in one
 * table, matched once per request (route-table.ts).
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  const opening = openingHandlers(app, deps);
  // A listed origin's preflight is answered before any token is asked for.
  const cors = corsPolicy({ corsOrigins: deps.http?.corsOrigins ?? [] });
  // One admission for every kind of batch: each running batch holds memory, whatever it carries.
  const batchAdmission = batchAdmissionFor(deps.batches);
  const served = [
    ingestRoutes({ ...deps, batchAdmission }),
    citizenRoutes(deps),
    verifyRoutes(deps),
    venueRoutes(deps),
    checkinRoutes({ ...deps, batchAdmission }),
    tracingRoutes(deps),
    noticeRoutes(deps),
    operatorRoutes(deps),
    probeRoutes(deps),
    publicRoutes(deps),
    ...(deps.opsOnOwnListener ? [] : [metricsAndDashboardRoutes(deps)]),
  ];
  const table = new RouteTable(served, cors ? [...opening, cors] : opening, [{ prefix: '/v1', handlers: v1Guards(deps) }]);
  return listenerApp(app, table, deps.logger);
}

/** What every path under /v1 meets before its route: the bearer token, checked once, and the caller's rate limits. */
export function v1Guards(deps: Pick<AppDependencies, 'auth' | 'verifyToken' | 'rateLimiting'>): RequestHandler[] {
  const token = authenticate(deps.auth, undefined, deps.verifyToken);
  return deps.rateLimiting ? [token, rateLimit(deps.rateLimiting)] : [token];
}
