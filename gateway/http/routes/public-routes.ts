import { readFileSync } from 'node:fs';
import { Router } from 'express';
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

export interface PublicRouteDependencies {
  /** Whether a write succeeds on every primary (a write probe, cached for half a second). */
  readiness: WriteReadiness;
  fleet: FleetStatus;
  metrics: GatewayMetrics;
  unifiedQr: UnifiedQr;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** Five minutes: spares the gateway repeated fetches, and a key added to the JWKS still reaches verifiers soon. */
const PUBLIC_DOCUMENT_CACHE = 'public, max-age=300';

/**
 * The routes without a token: probes, the public keys, the API document, metrics (restricted by
 * network, as the Helm chart's NetworkPolicy does) and the dashboard page (its data needs a token).
 */
export function publicRoutes({ readiness, fleet, metrics, unifiedQr }: PublicRouteDependencies): Router {
  const router = Router();
  const openApi = cacheableDocument(JSON.stringify(loadOpenApiDocument()), JSON_TYPE, PUBLIC_DOCUMENT_CACHE);
  const jwks = cacheableDocument(JSON.stringify(unifiedQr.jwks), JSON_TYPE, PUBLIC_DOCUMENT_CACHE);
  const dashboard = dashboardPage(readFileSync(projectPath('gateway', 'http', 'dashboard', 'dashboard.html'), 'utf8'));

  router.get(
    '/healthz',
    handle(async () => jsonReply(200, { status: 'ok' })),
  );
  router.get(
    '/readyz',
    handle(async () => {
      // Not ready while any primary refuses a write (gone, failing over, read-only): a ping would still answer.
      const [writable, views] = await Promise.all([readiness.ready(), fleet.views()]);
      const openBreakers = (views[0]?.adapters ?? []).filter((a) => a.state !== 'closed').map((a) => a.instance);
      // An open breaker is a platform's outage, not ours: it is listed, and the gateway stays ready.
      const status = writable ? 'ready' : readiness.draining ? 'draining' : 'store-unavailable';
      return jsonReply(writable ? 200 : 503, { status, openBreakers });
    }),
  );
  router.get(
    '/.well-known/jwks.json',
    handle(async (req) => jwks(req)),
  );
  router.get(
    '/openapi.json',
    handle(async (req) => openApi(req)),
  );
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
