import { readFileSync } from 'node:fs';
import express, { Router } from 'express';
import type { Caller } from '../../auth/access-tokens';
import type { AuthConfig } from '../../config';
import type { AuditLog } from '../../operations/audit-log';
import type { FleetStatus } from '../../operations/fleet-status';
import type { GatewayMetrics } from '../../operations/metrics';
import { projectPath } from '../../project-paths';
import type { GatewayStore } from '../../store/gateway-store';
import { authenticate, requireScope } from '../authenticate';
import { idempotent } from '../idempotency';
import { BadRequest, NotFound } from '../problems';
import { jsonReply } from '../reply';
import { withinMs } from '../../routing/deadline';

export interface OperatorRouteDependencies {
  auth: AuthConfig;
  store: GatewayStore;
  fleet: FleetStatus;
  audit: AuditLog;
  metrics: GatewayMetrics;
}

const ACTIONS = new Set(['open', 'close', 'reset']);

/** The operators' routes: adapters' health and maintenance, the audit trail, probes, metrics, the dashboard. */
export function operatorRoutes({ auth, store, fleet, audit, metrics }: OperatorRouteDependencies): Router {
  const router = Router();
  const operator = [authenticate(auth), requireScope('operator')];
  const dashboard = readFileSync(projectPath('gateway', 'http', 'dashboard', 'dashboard.html'), 'utf8');

  router.get('/v1/adapters', ...operator, async (_req, res) => {
    res.json({ generatedAt: new Date().toISOString(), processId: fleet.processId, processes: await fleet.views() });
  });

  router.post('/v1/adapters/:instance/breaker', ...operator, express.raw({ type: () => true, limit: '1kb' }), idempotent(store, async (req, res) => {
    const instance = req.params.instance as string;
    const views = await fleet.views();
    if (!views[0]?.adapters.some((a) => a.instance === instance)) throw new NotFound(`no instance "${instance}" with a lookup API`);
    let action: unknown;
    try {
      action = (JSON.parse((req.body as Buffer).toString('utf8')) as { action?: unknown }).action;
    } catch {
      action = undefined;
    }
    if (typeof action !== 'string' || !ACTIONS.has(action)) throw new BadRequest('send { "action": "open" | "close" | "reset" }', [{ pointer: '/action', message: 'open, close or reset' }]);
    await fleet.apply(instance, action as 'open' | 'close' | 'reset');
    await audit.append({ at: new Date().toISOString(), actor: (res.locals.caller as Caller).subject, action: `breaker-${action}`, instance, requestId: res.locals.requestId as string });
    const view = (await fleet.views())[0]?.adapters.find((a) => a.instance === instance);
    return jsonReply(200, { instance, action, state: view?.state, held: view?.held });
  }));

  router.get('/v1/audit', ...operator, async (_req, res) => {
    res.json({ entries: await audit.newest(200) });
  });

  router.get('/readyz', async (_req, res) => {
    const [storeOk, views] = await Promise.all([withinMs(store.ping().then(() => true), 1000), fleet.views()]);
    const openBreakers = (views[0]?.adapters ?? []).filter((a) => a.state !== 'closed').map((a) => a.instance);
    // An open breaker is a platform's outage, not ours: it is listed, and the gateway stays ready.
    res.status(storeOk ? 200 : 503).json({ status: storeOk ? 'ready' : 'store-unavailable', openBreakers });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });

  router.get('/dashboard', (_req, res) => {
    res.set('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:").type('html').send(dashboard);
  });
  return router;
}
