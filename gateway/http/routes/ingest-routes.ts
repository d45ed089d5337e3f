import type { Request, RequestHandler } from 'express';
import { routes, type Routes } from '../route-table';
import type { AdapterRegistry } from '../../../adapters';
import type { Caller } from '../../auth/access-tokens';
import type { BatchLimits } from '../../config';
import { shownToSender } from '../../identity/disputed-join';
import type { IngestOutcome, IngestService } from '../../ingest/ingest-service';
import type { GatewayStore } from '../../store/gateway-store';
import { requireScope } from '../authenticate';
import { admission } from '../admission';
import { ingestBatch, MAX_BATCH_BYTES } from '../batch-ingest';
import { bodyReadWithinMs, jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotent, idempotentStream } from '../idempotency';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../problems';
import { jsonReply, type Reply } from '../reply';

export interface IngestRouteDependencies {
  registry: AdapterRegistry;
  store: GatewayStore;
  ingest: IngestService;
  batches?: BatchLimits;
  /** The admission every kind of batch shares (app.ts): each running batch holds memory whatever it carries. */
  batchAdmission?: RequestHandler;
  /** SERVER_REQUEST_TIMEOUT_MS: a batch's body stops being read a little before it (bodyReadWithinMs). */
  serverRequestTimeoutMs?: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxInFlight: 2, maxInFlightPerCaller: 1 };

/**
 * Batches are refused before their body is read. A batch streams through a bounded window, but each
 * one running holds its window, its socket and a share of the store's throughput, whatever it
 * carries: declarations and check-ins share one admission (app.ts makes it once).
 */
export function batchAdmissionFor(batches: BatchLimits = DEFAULT_BATCH_LIMITS): RequestHandler {
  return admission({ what: 'batches', perProcess: batches.maxInFlight, perCaller: batches.maxInFlightPerCaller });
}

/** POST /v1/sources/{instance}/declarations[:batch], POST /v1/declarations, GET /v1/declarations/{id}. */
export function ingestRoutes({
  registry,
  store,
  ingest,
  batches = DEFAULT_BATCH_LIMITS,
  batchAdmission,
  serverRequestTimeoutMs,
}: IngestRouteDependencies): Routes {
  const router = routes();
  const write = requireScope('declarations:write');
  const instanceOf = (req: Request): string => {
    const name = req.params.instance as string;
    if (!registry.get(name))
      throw new NotFound(
        `no such instance; instances: ${registry
          .list()
          .map((i) => i.name)
          .join(', ')}`,
      );
    return name;
  };
  // A caller pushes only the records of the instances that name it a writer: it cannot take another
  // platform's record ids (a later genuine record would be a 409), nor read that platform's records.
  const writtenBy = (instance: string, caller: Caller): void => {
    if (!registry.get(instance)?.writtenBy(caller.subject))
      throw new Forbidden(`this caller does not push the records of instance "${instance}"`, [
        { pointer: '', message: `not a writer of instance "${instance}"` },
      ]);
  };
  const writer: RequestHandler = (req, res, next) => {
    writtenBy(instanceOf(req), res.locals.caller as Caller);
    next();
  };

  router.post(
    '/v1/sources/:instance/declarations\\:batch',
    write,
    writer,
    batchAdmission ?? batchAdmissionFor(batches),
    idempotentStream(
      store,
      MAX_BATCH_BYTES,
      async (req, { log }, body, out) =>
        ingestBatch(ingest, instanceOf(req), body, out, (error) => log.error({ err: error }, 'a batch line failed')),
      serverRequestTimeoutMs === undefined ? undefined : bodyReadWithinMs(serverRequestTimeoutMs),
    ),
  );

  router.post(
    '/v1/sources/:instance/declarations',
    write,
    writer,
    rawBody('256kb'),
    idempotent(store, async (req) => {
      const instance = instanceOf(req);
      return ingestReply(await ingest.ingestNative(instance, jsonBody(req, 'one native record as JSON')));
    }),
  );

  router.post(
    '/v1/declarations',
    write,
    rawBody('256kb'),
    idempotent(store, async (req, { caller }) => {
      const body = jsonBody(req, 'one canonical declaration as JSON');
      // The record's instance is in its body: an instance the caller does not push is refused before
      // it is read further; one that does not exist is the body's own refusal (422).
      const instance = (body as { source?: { instance?: unknown } } | null)?.source?.instance;
      if (typeof instance === 'string' && registry.get(instance)) writtenBy(instance, caller);
      return ingestReply(await ingest.ingestCanonical(body));
    }),
  );

  router.get(
    '/v1/declarations/:declarationId',
    requireScope('declarations:read'),
    handle(async (req, { caller }) => {
      const declaration = await store.getDeclaration(req.params.declarationId as string);
      // Another instance's record is not there for this caller: its id (a hash of a platform's
      // record id, often sequential) must not open the person's data to whoever can count.
      if (!declaration || !registry.get(declaration.source.instance)?.writtenBy(caller.subject))
        throw new NotFound('no declaration with this id');
      return jsonReply(200, shownToSender(declaration));
    }),
  );
  return router;
}

function ingestReply(outcome: IngestOutcome): Reply {
  // The stored record is not described: a guessed id must learn nothing of what it names.
  if (!outcome.ok && outcome.conflict)
    throw new Conflict("another record is stored under this record's source id; a record is replayed only when it is the same", [
      { pointer: '', message: 'the source id is taken by a different record' },
    ]);
  if (!outcome.ok) {
    throw new ValidationFailed(
      `the record was refused for ${outcome.reasons.length} reason(s); each error points at the field at fault (as the record was sent, or its declaration as a whole)`,
      outcome.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })),
    );
  }
  // The citizen as its sender may be told of it (citizenShownToSender): the service's answer, and the declaration alike.
  const reply = jsonReply(outcome.created ? 201 : 200, { declaration: shownToSender(outcome.declaration), citizen: outcome.citizen });
  // Replayed no longer than the declaration is kept.
  return { ...reply, keepForReplayMs: outcome.keptForMs };
}
