import { Router, type Request, type RequestHandler } from 'express';
import type { AdapterRegistry } from '../../../adapters';
import type { BatchLimits } from '../../config';
import type { IngestOutcome, IngestService } from '../../ingest/ingest-service';
import type { GatewayStore } from '../../store/gateway-store';
import { requireScope } from '../authenticate';
import { admission } from '../admission';
import { ingestBatch, MAX_BATCH_BYTES } from '../batch-ingest';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotent, idempotentStream } from '../idempotency';
import { Conflict, NotFound, ValidationFailed } from '../problems';
import { jsonReply, type Reply } from '../reply';

export interface IngestRouteDependencies {
  registry: AdapterRegistry;
  store: GatewayStore;
  ingest: IngestService;
  batches?: BatchLimits;
  /** The admission every kind of batch shares (app.ts): each running batch holds memory whatever it carries. */
  batchAdmission?: RequestHandler;
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
export function ingestRoutes({ registry, store, ingest, batches = DEFAULT_BATCH_LIMITS, batchAdmission }: IngestRouteDependencies): Router {
  const router = Router();
  const write = requireScope('declarations:write');
  const instanceOf = (req: Request): string => {
    const name = req.params.instance as string;
    if (!registry.get(name))
      throw new NotFound(
        `no instance "${name}"; instances: ${registry
          .list()
          .map((i) => i.name)
          .join(', ')}`,
      );
    return name;
  };

  router.post(
    '/v1/sources/:instance/declarations\\:batch',
    write,
    batchAdmission ?? batchAdmissionFor(batches),
    idempotentStream(store, MAX_BATCH_BYTES, async (req, { log }, body, out) =>
      ingestBatch(ingest, instanceOf(req), body, out, (error) => log.error({ err: error }, 'a batch line failed')),
    ),
  );

  router.post(
    '/v1/sources/:instance/declarations',
    write,
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
    idempotent(store, async (req) => ingestReply(await ingest.ingestCanonical(jsonBody(req, 'one canonical declaration as JSON')))),
  );

  router.get(
    '/v1/declarations/:declarationId',
    requireScope('declarations:read'),
    handle(async (req) => {
      const declaration = await store.getDeclaration(req.params.declarationId as string);
      if (!declaration) throw new NotFound('no declaration with this id');
      return jsonReply(200, declaration);
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
      `the record was refused for ${outcome.reasons.length} reason(s); each error names the native field`,
      outcome.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })),
    );
  }
  return jsonReply(outcome.created ? 201 : 200, { declaration: outcome.declaration, citizen: outcome.citizen });
}
