import { routes, type Routes } from '../route-table';
import type { TracingLimits } from '../../config';
import { AUDIT_CURSOR, type TracingAuditLog } from '../../operations/tracing-audit';
import { tracingAnswerJson } from '../../tracing/answer-json';
import { contactsCsv } from '../../tracing/contacts-csv';
import type { TracingService } from '../../tracing/tracing-service';
import { admission } from '../admission';
import { requireScope } from '../authenticate';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { BadRequest, NotAcceptable, NotFound, ValidationFailed } from '../problems';
import { jsonReply, jsonTextReply } from '../reply';
import { routeBudget } from '../request-budget';

export interface TracingRouteDependencies {
  tracing: TracingService;
  tracingAudit: TracingAuditLog;
  /** The budget of a tracing call and the queries one process answers at once (TRACING_BUDGET_MS, TRACING_MAX_QUERIES). */
  tracingLimits?: TracingLimits;
}

/**
 * A tracing call's own budget, in place of the request budget (app.ts exempts these paths), and
 * the queries answered at once by one process: each may hold up to 100,000 stays (tens of MB); past
 * it, 503 with Retry-After, so that tracing never takes the memory the scans need. Past the budget,
 * the 503, and nothing kept or recorded (the handler's signal).
 */
export const DEFAULT_TRACING_LIMITS: TracingLimits = { budgetMs: 10_000, maxQueries: 2 };
const CITIZEN_ID = /^cit_[0-9A-Za-z_-]{16,40}$/;

/** The entries of tracing's audit trail answered a page, newest first (`next` for the older ones). */
const AUDIT_PAGE = 500;

/**
 * POST /v1/tracing/queries, GET /v1/tracing/queries/{queryId}/contacts (JSON, or CSV with Accept:
 * text/csv), and GET /v1/tracing/audit: tracing's own trail, for the supervisors who approve notices
 * (`tracing:approve`), since it names case files an operator of the platforms has no need to see.
 */
export function tracingRoutes({ tracing, tracingAudit, tracingLimits = DEFAULT_TRACING_LIMITS }: TracingRouteDependencies): Routes {
  const router = routes();
  const budget = routeBudget(tracingLimits.budgetMs);

  // No Idempotency-Key: a replay would hand the stays out again with no audit line, and keep the
  // whole answer outside the query's retention. Sent again, a query is asked (and recorded) again.
  router.post(
    '/v1/tracing/queries',
    budget,
    requireScope('tracing'),
    // The body (64 KiB at most) before a place: a query whose body trickles in holds none (the
    // two places held by trickling bodies, re-sent at each budget, would keep every tracer out: a review).
    rawBody('64kb'),
    admission({ what: 'tracing queries', perProcess: tracingLimits.maxQueries }),
    handle(async (req, { caller, requestId, signal }) => {
      const outcome = await tracing.query(jsonBody(req, 'one tracing query as JSON'), { subject: caller.subject, requestId, signal });
      if (!outcome.ok)
        throw new ValidationFailed(
          `the query was refused for ${outcome.reasons.length} reason(s); each error names its field`,
          outcome.reasons,
        );
      return jsonTextReply(201, await tracingAnswerJson(outcome.answer));
    }),
  );

  router.get(
    '/v1/tracing/queries/:queryId/contacts',
    budget,
    requireScope('tracing:contact'),
    handle(async (req, { caller, requestId, signal }) => {
      const after = req.query.after;
      if (after !== undefined && (typeof after !== 'string' || !CITIZEN_ID.test(after)))
        throw new BadRequest('after must be the citizen id a page ended with (its `next`)', [
          { pointer: '/after', message: 'not a citizen id' },
        ]);
      // Asked before the read: a refused type reads and records nothing.
      const type = req.accepts(['application/json', 'text/csv']);
      if (!type) throw new NotAcceptable('the contacts are answered as application/json or text/csv; the Accept header takes neither');
      const found = await tracing.contacts(req.params.queryId as string, { subject: caller.subject, requestId, signal }, after);
      if (!found) throw new NotFound('no query with this id that you asked, or it has expired');
      if (type === 'text/csv') {
        const link = found.next && `<${req.baseUrl}${req.path}?after=${found.next}>; rel="next"`;
        return {
          status: 200,
          contentType: 'text/csv; charset=utf-8; header=present',
          body: contactsCsv(found.contacts),
          ...(link ? { headers: { Link: link } } : {}),
        };
      }
      const { queryId, caseRef } = found.query;
      return jsonReply(200, { queryId, caseRef, contacts: found.contacts, ...(found.next ? { next: found.next } : {}) });
    }),
  );

  router.get(
    '/v1/tracing/audit',
    requireScope('tracing:approve'),
    handle(async (req) => {
      const before = req.query.before;
      if (before !== undefined && (typeof before !== 'string' || !AUDIT_CURSOR.test(before)))
        throw new BadRequest('before must be the `next` a page of the trail ended with', [{ pointer: '/before', message: 'not a cursor' }]);
      return jsonReply(200, await tracingAudit.page(AUDIT_PAGE, before));
    }),
  );
  return router;
}
