import { Router } from 'express';
import type { AuditLog } from '../../operations/audit-log';
import type { GatewayStore } from '../../store/gateway-store';
import { contactsCsv } from '../../tracing/contacts-csv';
import type { TracingService } from '../../tracing/tracing-service';
import { requireScope } from '../authenticate';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotent } from '../idempotency';
import { NotFound, ValidationFailed } from '../problems';
import { jsonReply } from '../reply';

export interface TracingRouteDependencies {
  /** For Idempotency-Key. */
  store: GatewayStore;
  tracing: TracingService;
  tracingAudit: AuditLog;
}

/** The newest entries of tracing's audit trail answered at once. */
const AUDIT_PAGE = 500;

/**
 * POST /v1/tracing/queries, GET /v1/tracing/queries/{queryId}/contacts (JSON, or CSV with Accept:
 * text/csv), and GET /v1/tracing/audit: tracing's own trail, for the supervisors who approve notices
 * (`tracing:approve`), since it names case files an operator of the platforms has no need to see.
 */
export function tracingRoutes({ store, tracing, tracingAudit }: TracingRouteDependencies): Router {
  const router = Router();

  router.post(
    '/v1/tracing/queries',
    requireScope('tracing'),
    rawBody('64kb'),
    idempotent(store, async (req, { caller, requestId }) => {
      const outcome = await tracing.query(jsonBody(req, 'one tracing query as JSON'), { subject: caller.subject, requestId });
      if (!outcome.ok)
        throw new ValidationFailed(
          `the query was refused for ${outcome.reasons.length} reason(s); each error names its field`,
          outcome.reasons,
        );
      return jsonReply(201, outcome.answer);
    }),
  );

  router.get(
    '/v1/tracing/queries/:queryId/contacts',
    requireScope('tracing:contact'),
    handle(async (req, { caller, requestId }) => {
      const found = await tracing.contacts(req.params.queryId as string, { subject: caller.subject, requestId });
      if (!found) throw new NotFound('no query with this id that you asked, or it has expired');
      if (req.accepts(['application/json', 'text/csv']) === 'text/csv')
        return { status: 200, contentType: 'text/csv; charset=utf-8; header=present', body: contactsCsv(found.contacts) };
      return jsonReply(200, { queryId: found.query.queryId, caseRef: found.query.caseRef, contacts: found.contacts });
    }),
  );

  router.get(
    '/v1/tracing/audit',
    requireScope('tracing:approve'),
    handle(async () => jsonReply(200, { entries: await tracingAudit.newest(AUDIT_PAGE) })),
  );
  return router;
}
