import { readFileSync } from 'node:fs';
import { routes, type Routes } from '../route-table';
import type { FleetStatus } from '../../operations/fleet-status';
import type { GatewayMetrics } from '../../operations/metrics';
import type { WriteReadiness } from '../../operations/readiness';
import { projectPath } from '../../project-paths';
import type { UnifiedQr } from '../../qr/unified-qr';
import { cacheableDocument } from '../cacheable-document';
import { dashboardPage } from '../dashboard/dashboard-page';
import { handle } from '../handle';
import { loadOpenApiDocument } from '../openapi-document';
import { jsonReply } from '../reply';

export interface ProbeRouteDependencies {
  /** Whether a write succeeds on every primary (a write probe, cached for half a second). */
  readiness: WriteReadiness;
  fleet: FleetStatus;
}

export interface PublicRouteDependencies {
  unifiedQr: UnifiedQr;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Five minutes: spares the gateway repeated fetches, and a key added to the JWKS still reaches verifiers soon. */
const PUBLIC_DOCUMENT_CACHE = 'public, max-age=300';

/**
 * The probes, without a token, on both listeners: the kubelet may probe either port, and both answer
 * from the one process's state (503 "draining" on both once SIGTERM came).
 */
export function probeRoutes({ readiness, fleet }: ProbeRouteDependencies): Routes {
  const router = routes();
  router.get(
    '/healthz',
    handle(async () => jsonReply(200, { status: 'ok' })),
  );
  router.get(
    '/readyz',
    handle(async () => {
      // Not ready while any primary refuses a write (gone, failing over, read-only): a ping would still answer.
      // This process's breakers, read without the store: the other processes' views (a Redis read
      // bounded by its 1 s command deadline) held the answer past the kubelet's 1 s while Redis hung.
      const writable = await readiness.ready();
      const openBreakers = fleet
        .ownView()
        .adapters.filter((a) => a.state !== 'closed')
        .map((a) => a.instance);
      // An open breaker is a platform's outage, not ours: it is listed, and the gateway stays ready.
      const starting = writable || readiness.draining ? undefined : readiness.waitingFor;
      const status = writable ? 'ready' : readiness.draining ? 'draining' : starting ? 'starting' : 'store-unavailable';
      const reply = jsonReply(writable ? 200 : 503, { status, openBreakers, ...(starting ? { reason: starting } : {}) });
      // As every 503 of the contract: a probe may ask again in a second (an answer is reused for half of one).
      return writable ? reply : { ...reply, headers: { 'Retry-After': '1' } };
    }),
  );
  return router;
}

/** The documents partners fetch without a token: the QR public keys and the API document. */
export function publicRoutes({ unifiedQr }: PublicRouteDependencies): Routes {
  const router = routes();
  const openApi = cacheableDocument(JSON.stringify(loadOpenApiDocument()), JSON_TYPE, PUBLIC_DOCUMENT_CACHE);
  const jwks = cacheableDocument(JSON.stringify(unifiedQr.jwks), JSON_TYPE, PUBLIC_DOCUMENT_CACHE);
  router.get(
    '/.well-known/jwks.json',
    handle(async (req) => jwks(req)),
  );
  router.get(
    '/openapi.json',
    handle(async (req) => openApi(req)),
  );
  return router;
}

/**
 * The operators' pages without a token: metrics and the dashboard page (its data needs an operator
 * token). Served on the operators' listener when OPS_PORT is set, where the NetworkPolicy admits only
 * monitoring and operators; on the API port otherwise (gateway/http/app.ts).
 */
export function metricsAndDashboardRoutes({ metrics }: { metrics: GatewayMetrics }): Routes {
  const router = routes();
  const dashboard = dashboardPage(readFileSync(projectPath('gateway', 'http', 'dashboard', 'dashboard.html'), 'utf8'));
  router.get(
    '/metrics',
    handle(async () => ({ status: 200, contentType: metrics.contentType, body: await metrics.render() })),
  );
  router.get(
    '/dashboard',
    handle(async () => dashboard),
  );
  return router;
}
