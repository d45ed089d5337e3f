import type { RequestHandler } from 'express';
import { routes, type Routes } from '../route-table';
import type { BatchLimits } from '../../config';
import type { CheckinOutcome, CheckinService } from '../../checkins/checkin-service';
import type { GatewayStore } from '../../store/gateway-store';
import { requireScope } from '../authenticate';
import { MAX_BATCH_BYTES, streamBatch, type RecordAnswer } from '../batch-ingest';
import { bodyReadWithinMs, jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotent, idempotentStream } from '../idempotency';
import { Conflict, NotFound, ValidationFailed } from '../problems';
import { jsonReply, type Reply } from '../reply';
import { batchAdmissionFor, DEFAULT_BATCH_LIMITS } from './ingest-routes';

export interface CheckinRouteDependencies {
  /** For Idempotency-Key, and the citizen a stays request names. */
  store: GatewayStore;
  checkins: CheckinService;
  batches?: BatchLimits;
  /** The admission every kind of batch shares (app.ts). */
  batchAdmission?: RequestHandler;
  /** SERVER_REQUEST_TIMEOUT_MS: a batch's body stops being read a little before it (bodyReadWithinMs). */
  serverRequestTimeoutMs?: number;
}

/** POST /v1/checkins[:batch] and GET /v1/citizens/{id}/stays. */
export function checkinRoutes({
  store,
  checkins,
  batches = DEFAULT_BATCH_LIMITS,
  batchAdmission,
  serverRequestTimeoutMs,
}: CheckinRouteDependencies): Routes {
  const router = routes();
  const write = requireScope('checkins:write');

  router.post(
    '/v1/checkins\\:batch',
    write,
    batchAdmission ?? batchAdmissionFor(batches),
    idempotentStream(
      store,
      MAX_BATCH_BYTES,
      async (_req, { log, caller }, body, out) =>
        streamBatch(
          body,
          out,
          async (record) => lineOf(await checkins.checkin(record, caller.subject)),
          (error) => log.error({ err: error }, 'a check-in line failed'),
        ),
      serverRequestTimeoutMs === undefined ? undefined : bodyReadWithinMs(serverRequestTimeoutMs),
    ),
  );

  router.post(
    '/v1/checkins',
    write,
    rawBody('64kb'),
    idempotent(store, async (req, { caller }) =>
      checkinReply(await checkins.checkin(jsonBody(req, 'one check-in event as JSON'), caller.subject)),
    ),
  );

  router.get(
    '/v1/citizens/:citizenId/stays',
    requireScope('citizens:read'),
    handle(async (req, { caller, requestId, signal }) => {
      const citizenId = req.params.citizenId as string;
      if (!(await store.getCitizen(citizenId))) throw new NotFound('no citizen with this id');
      return jsonReply(200, { citizenId, stays: await checkins.staysReadBy(citizenId, { subject: caller.subject, requestId, signal }) });
    }),
  );
  return router;
}

function checkinReply(outcome: CheckinOutcome): Reply {
  if (!outcome.ok && outcome.conflict)
    throw new Conflict('another event is stored under this source and event id; an event is replayed only when it is the same', [
      { pointer: '/source/eventId', message: 'taken by a different event' },
    ]);
  if (!outcome.ok)
    throw new ValidationFailed(
      `the check-in was refused for ${outcome.reasons.length} reason(s); each error names its field`,
      outcome.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })),
    );
  return { ...jsonReply(outcome.created ? 201 : 200, { stay: outcome.stay }), keepForReplayMs: outcome.keptForMs };
}

function lineOf(outcome: CheckinOutcome): RecordAnswer {
  if (outcome.ok) return { status: outcome.created ? 'created' : 'replayed', stay: outcome.stay, keptForMs: outcome.keptForMs };
  return { status: outcome.conflict ? 'conflict' : 'refused', reasons: outcome.reasons };
}
