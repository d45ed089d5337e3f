import type { Request } from 'express';
import { routes, type Routes } from '../route-table';
import type { ExposureNotice } from '../../domain/exposure-notice';
import type { Changed, NoticeService } from '../../notices/notice-service';
import type { NoticeCursor } from '../../store/notice-store';
import type { GatewayStore } from '../../store/gateway-store';
import { requireScope } from '../authenticate';
import { jsonBody, rawBody } from '../body';
import { handle, type RequestContext } from '../handle';
import { idempotencyKey, idempotent } from '../idempotency';
import { BadRequest, Conflict, Forbidden, NotFound, ValidationFailed } from '../problems';
import { jsonReply, type Reply } from '../reply';

export interface NoticeRouteDependencies {
  /** For Idempotency-Key. */
  store: GatewayStore;
  notices: NoticeService;
}

const GONE = 'no exposure notice with this id (or gone: a notice is kept the risk window, at least 14 days, after its window)';
const PAGE = 50;
const MAX_PAGE = 100;
const CURSOR = /^(\d{1,15})\.(ntc_[0-9A-Za-z_-]{22})$/;

/** POST /v1/exposure-notices, its approval and withdrawal, and reading them. */
export function noticeRoutes({ store, notices }: NoticeRouteDependencies): Routes {
  const router = routes();
  const tracing = requireScope('tracing');
  // The supervisors who approve read what waits for them, and what they approved.
  const reader = requireScope('tracing', 'tracing:approve');

  router.post(
    '/v1/exposure-notices',
    tracing,
    rawBody('64kb'),
    idempotent(store, async (req, context) => {
      const issued = await notices.issue(jsonBody(req, 'one exposure notice as JSON'), {
        ...acting(context),
        retryKey: idempotencyKey(req, context),
      });
      if (!issued.ok)
        throw new ValidationFailed(
          `the notice was refused for ${issued.reasons.length} reason(s); each error names its field`,
          issued.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })),
        );
      context.note({ noticeId: issued.notice.noticeId });
      return jsonReply(201, issued.notice);
    }),
  );
  router.post(
    '/v1/exposure-notices/:noticeId/approve',
    requireScope('tracing:approve'),
    idempotent(store, async (req, context) => changedReply(await notices.approve(idOf(req), acting(context)))),
  );
  router.post(
    '/v1/exposure-notices/:noticeId/withdraw',
    requireScope('tracing', 'tracing:approve'),
    idempotent(store, async (req, context) => changedReply(await notices.withdraw(idOf(req), acting(context)))),
  );
  router.get(
    '/v1/exposure-notices',
    reader,
    handle(async (req) => {
      const page = await notices.list(limitOf(req.query.limit), afterOf(req.query.after));
      const next = page.next ? { next: `${page.next.issuedAtMs}.${page.next.noticeId}` } : {};
      return jsonReply(200, { notices: page.notices, ...next });
    }),
  );
  router.get(
    '/v1/exposure-notices/:noticeId',
    reader,
    handle(async (req) => {
      const notice = await notices.get(idOf(req));
      if (!notice) throw new NotFound(GONE);
      return jsonReply(200, notice);
    }),
  );
  return router;
}

const idOf = (req: Request) => req.params.noticeId as string;
const acting = (context: RequestContext) => ({ caller: context.caller, requestId: context.requestId });

function changedReply(changed: Changed): Reply {
  if (changed.ok) return jsonReply(200, changed.notice);
  if (changed.why === 'not-found') throw new NotFound(GONE);
  if (changed.why === 'same-person')
    throw new Forbidden('a notice takes effect only when another person approves it: this token issued it');
  if (changed.why === 'not-theirs')
    throw new Forbidden(
      'an active notice is withdrawn only by its issuer or its approver holding tracing:approve; a pending one by its issuer or a tracing:approve holder',
    );
  throw new Conflict(`the notice is ${(changed.notice as ExposureNotice).status}: it cannot move from there`, [
    { pointer: '/status', message: `is ${(changed.notice as ExposureNotice).status}` },
  ]);
}

function limitOf(given: unknown): number {
  if (given === undefined) return PAGE;
  const limit = typeof given === 'string' && /^\d{1,3}$/.test(given) ? Number(given) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE))
    throw new BadRequest(`limit is a whole number from 1 to ${MAX_PAGE}`, [{ pointer: '/limit', message: `1 to ${MAX_PAGE}` }]);
  return limit;
}

function afterOf(given: unknown): NoticeCursor | undefined {
  if (given === undefined) return undefined;
  const match = typeof given === 'string' ? CURSOR.exec(given) : null;
  if (!match) throw new BadRequest('after is the `next` of an earlier page', [{ pointer: '/after', message: 'not a page cursor' }]);
  return { issuedAtMs: Number(match[1]), noticeId: match[2] as string };
}
