import { routes, type Routes } from '../route-table';
import type { AuditLog } from '../../operations/audit-log';
import type { FleetStatus } from '../../operations/fleet-status';
import type { GatewayStore } from '../../store/gateway-store';
import { formatIct } from '../../normalize/dates';
import { requireScope } from '../authenticate';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotent } from '../idempotency';
import { BadRequest, NotFound } from '../problems';
import { jsonReply } from '../reply';

export interface OperatorRouteDependencies {
  store: GatewayStore;
  fleet: FleetStatus;
  audit: AuditLog;
}

const ACTIONS = new Set(['open', 'close', 'reset']);
const EXPECTED = '{ "action": "open" | "close" | "reset" }';

/** The operators' routes under /v1: adapters' health and maintenance, and the audit trail. */
export function operatorRoutes({ store, fleet, audit }: OperatorRouteDependencies): Routes {
  const router = routes();
  const operator = requireScope('operator');

  router.get(
    '/v1/adapters',
    operator,
    handle(async () => jsonReply(200, { generatedAt: formatIct(new Date()), processId: fleet.processId, processes: await fleet.views() })),
  );

  router.post(
    '/v1/adapters/:instance/breaker',
    operator,
    rawBody('1kb'),
    idempotent(store, async (req, { caller, requestId }) => {
      const instance = req.params.instance as string;
      const views = await fleet.views();
      if (!views[0]?.adapters.some((a) => a.instance === instance)) throw new NotFound('no such instance with a lookup API');
      const { action } = (jsonBody(req, EXPECTED) ?? {}) as { action?: unknown };
      if (typeof action !== 'string' || !ACTIONS.has(action))
        throw new BadRequest(`send ${EXPECTED}`, [{ pointer: '/action', message: 'open, close or reset' }]);
      // On record before it is applied: a write whose answer was lost (a timeout) may still reach every
      // process, and must not be an action nobody recorded. A 503 after it says "not confirmed": sent
      // again, it is applied (or found applied) and recorded again.
      await audit.append({ at: formatIct(new Date()), actor: caller.subject, action: `breaker-${action}`, instance, requestId });
      await fleet.apply(instance, action as 'open' | 'close' | 'reset');
      const view = (await fleet.views())[0]?.adapters.find((a) => a.instance === instance);
      return jsonReply(200, { instance, action, state: view?.state, held: view?.held });
    }),
  );

  router.get(
    '/v1/audit',
    operator,
    handle(async () => jsonReply(200, { entries: await audit.newest(200) })),
  );
  return router;
}
