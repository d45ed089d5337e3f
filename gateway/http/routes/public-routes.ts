import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { FleetStatus } from '../../operations/fleet-status';
import type { GatewayMetrics } from '../../operations/metrics';
import type { WriteReadiness } from '../../operations/readiness';
import { projectPath } from '../../project-paths';
import type { UnifiedQr } from '../../qr/unified-qr';
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
/** The dashboard's own script and styles are inline in its one file; nothing else may load or frame it. */
const DASHBOARD_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:";

/**
 * The routes without a token: probes, the public keys, the API document, metrics (restricted by
 * network, as the Helm chart's NetworkPolicy does) and the dashboard page (its data needs a token).
 */
export function publicRoutes({ readiness, fleet, metrics, unifiedQr }: PublicRouteDependencies): Router {
  const router = Router();
  const openApi = JSON.stringify(loadOpenApiDocument());
  const jwks = JSON.stringify(unifiedQr.jwks);
  const dashboard = readFileSync(projectPath('gateway', 'http', 'dashboard', 'dashboard.html'), 'utf8');

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
    handle(async () => ({ status: 200, contentType: JSON_TYPE, body: jwks, headers: { 'Cache-Control': 'public, max-age=300' } })),
  );
  router.get(
    '/openapi.json',
    handle(async () => ({ status: 200, contentType: JSON_TYPE, body: openApi })),
  );
  router.get(
    '/metrics',
    handle(async () => ({ status: 200, contentType: metrics.contentType, body: await metrics.render() })),
  );
  router.get(
    '/dashboard',
    handle(async () => ({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: dashboard,
      headers: { 'Content-Security-Policy': DASHBOARD_CSP },
    })),
  );
  return router;
}
