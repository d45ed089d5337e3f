import express, { Router, type Request } from 'express';
import type { AdapterRegistry } from '../../../adapters';
import type { IngestOutcome, IngestService } from '../../ingest/ingest-service';
import type { GatewayStore } from '../../store/gateway-store';
import { authenticate, requireScope } from '../authenticate';
import type { AuthConfig } from '../../config';
import type { Logger } from '../../logging/logger';
import { ingestBatch } from '../batch-ingest';
import { idempotent } from '../idempotency';
import { BadRequest, Conflict, NotFound, ValidationFailed } from '../problems';
import { jsonReply, type Reply } from '../reply';

export interface IngestRouteDependencies {
  auth: AuthConfig;
  registry: AdapterRegistry;
  store: GatewayStore;
  ingest: IngestService;
}

/** Bodies are read raw, so that an Idempotency-Key is checked against the bytes that were sent. */
const singleBody = express.raw({ type: () => true, limit: '256kb' });
const batchBody = express.raw({ type: () => true, limit: '32mb' });

/** POST /v1/sources/{instance}/declarations[:batch], POST /v1/declarations, GET /v1/declarations/{id}. */
export function ingestRoutes({ auth, registry, store, ingest }: IngestRouteDependencies): Router {
  const router = Router();
  const write = [authenticate(auth), requireScope('declarations:write')];
  const instanceOf = (req: Request): string => {
    const name = req.params.instance as string;
    if (!registry.get(name)) throw new NotFound(`no instance "${name}"; instances: ${registry.list().map((i) => i.name).join(', ')}`);
    return name;
  };

  router.post('/v1/sources/:instance/declarations\\:batch', ...write, batchBody, idempotent(store, async (req, res) => ingestBatch(ingest, instanceOf(req), req.body as Buffer, (error) => (res.locals.log as Logger).error({ err: error }, 'a batch line failed'))));

  router.post('/v1/sources/:instance/declarations', ...write, singleBody, idempotent(store, async (req) => {
    const instance = instanceOf(req);
    return ingestReply(await ingest.ingestNative(instance, parseJson(req.body)));
  }));

  router.post('/v1/declarations', ...write, singleBody, idempotent(store, async (req) => ingestReply(await ingest.ingestCanonical(parseJson(req.body)))));

  router.get('/v1/declarations/:declarationId', authenticate(auth), requireScope('declarations:read'), async (req, res) => {
    const declaration = await store.getDeclaration(req.params.declarationId as string);
    if (!declaration) throw new NotFound('no declaration with this id');
    res.json(declaration);
  });
  return router;
}

function ingestReply(outcome: IngestOutcome): Reply {
  // The stored record is not described: a guessed id must learn nothing of what it names.
  if (!outcome.ok && outcome.conflict) throw new Conflict('another record is stored under this record\'s source id; a record is replayed only when it is the same', [{ pointer: '', message: 'the source id is taken by a different record' }]);
  if (!outcome.ok) {
    throw new ValidationFailed(`the record was refused for ${outcome.reasons.length} reason(s); each error names the native field`, outcome.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })));
  }
  return jsonReply(outcome.created ? 201 : 200, { declaration: outcome.declaration, citizen: outcome.citizen });
}

function parseJson(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  if (text.trim() === '') throw new BadRequest('the body is empty: send one JSON record', [{ pointer: '', message: 'empty body' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not valid JSON', [{ pointer: '', message: 'not valid JSON' }]);
  }
}
