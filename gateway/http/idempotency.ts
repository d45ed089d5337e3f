import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RETRY_KEY_LIFE_MS } from '../domain/retry-ids';
import type { GatewayStore, IdempotencyClaim } from '../store/gateway-store';
import { StoreUnavailable } from '../store/store-errors';
import { streamedBody } from './body';
import { contextOf, type Handler, type RequestContext } from './handle';
import { BadRequest, Conflict } from './problems';
import { NdjsonWriter, sendReply, type LineSink, type Reply, type StreamedEnd } from './reply';

const KEY = /^[\x21-\x7e]{1,128}$/;
const TTL_SECONDS = RETRY_KEY_LIFE_MS / 1000;
/**
 * How long a claimed key waits for its request before another may take it over (a crashed
 * process). A streamed request (a batch, which may run longer) renews its claim every third of it.
 */
export const IN_FLIGHT_SECONDS = 60;
/**
 * The most of a streamed answer kept for replay. 10,000 created lines take about 1.2 MiB; an answer
 * past this is not kept (as one with failed lines is not): a retry runs again, and each record
 * answers by itself (`replayed` where it was stored), so memory stays bounded whatever the batch.
 */
const MAX_KEPT_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * Runs a POST handler under the Idempotency-Key header, when one is sent: the same key and body
 * replay the first answer; another body, or the first still running, is a 409. Keys belong to the
 * caller (the token's subject), so two partners never share one. A failed request frees its key.
 */
export function idempotent(store: GatewayStore, handler: Handler): RequestHandler {
  return async (req, res) => {
    const context = contextOf(res);
    const key = idempotencyKey(req, context);
    if (key === undefined) return sendReply(res, await handler(req, context));

    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n`)
      .update(Buffer.isBuffer(req.body) ? req.body : '')
      .digest('base64url');
    const state = await claim(store, key, fingerprint, context.log);
    if (state.state === 'completed') {
      res.set('Idempotent-Replayed', 'true');
      return sendReply(res, { status: state.response.status, ...(JSON.parse(state.response.body) as Omit<Reply, 'status'>) });
    }
    const held = state.own;
    let reply: Reply;
    try {
      reply = await handler(req, context);
    } catch (error) {
      await freeKey(store, held);
      throw error;
    }
    if (reply.final === false) {
      await freeKey(store, held);
      return sendReply(res, reply);
    }
    const stored = JSON.stringify({ contentType: reply.contentType, body: reply.body.toString(), headers: reply.headers });
    await keepForReplay(store, held, { status: reply.status, body: stored }, context, reply.keepForReplayMs);
    sendReply(res, reply);
  };
}

/**
 * A route whose body is read as it arrives and whose NDJSON answer is streamed (a batch): it writes
 * lines to `out` as they are known, without touching `res`, and returns its last line.
 */
export type StreamHandler = (req: Request, context: RequestContext, body: AsyncIterable<Buffer>, out: LineSink) => Promise<StreamedEnd>;

/** What a streamed answer kept for replay holds: the answer, and the hash of the body it answered. */
interface KeptStream {
  contentType: string;
  body: string;
  requestHash: string;
}

/**
 * `idempotent` for a streamed route. The body is not known when the key is claimed, so the key is
 * claimed for the route (a key used on another route is a 409, as is one still running), and the
 * body's hash, taken as it is read, is kept with the answer: a later request under the key is read
 * to its end and hashed, then answered the kept answer, byte for byte, or 409 for another body.
 * The answer is kept only when final, whole (the batch was not cut) and at most
 * MAX_KEPT_ANSWER_BYTES; otherwise the key is freed. A body past `maxBodyBytes`, or not arrived
 * within `readWithinMs`, is refused as `streamedBody` says. The claim lasts `claimSeconds` and is
 * renewed by the request every third of that while it runs, so a batch longer than a claim's life
 * keeps its key (before, another request under it ran the batch again on another pod, every line
 * `replayed`, and the key was answered two ways); a process that dies stops renewing, and the key
 * is free again within `claimSeconds`.
 */
export function idempotentStream(
  store: GatewayStore,
  maxBodyBytes: number,
  handler: StreamHandler,
  readWithinMs?: number,
  claimSeconds = IN_FLIGHT_SECONDS,
): RequestHandler {
  return async (req, res) => {
    const context = contextOf(res);
    const key = idempotencyKey(req, context);
    const body = streamedBody(req, maxBodyBytes, readWithinMs);
    const out = new NdjsonWriter(res);
    try {
      // Not begun while the store cannot be reached: an honest 503 with Retry-After before a byte of
      // the body is read (a claimed key reached it already), not a 200 whose every line failed.
      if (key === undefined) {
        await store.ping();
        return out.end((await handler(req, context, body.chunks, out)).last);
      }

      const fingerprint = createHash('sha256').update(`${req.method} ${req.originalUrl}\nstreamed\n`).digest('base64url');
      const state = await claim(store, key, fingerprint, context.log, claimSeconds);
      if (state.state === 'completed') {
        const kept = JSON.parse(state.response.body) as KeptStream;
        if ((await hashOf(body.chunks)) !== kept.requestHash) throw new Conflict('this Idempotency-Key was used with a different request');
        res.set('Idempotent-Replayed', 'true');
        return sendReply(res, { status: state.response.status, contentType: kept.contentType, body: kept.body });
      }
      const requestHash = createHash('sha256');
      const answer = new KeptLines(out, MAX_KEPT_ANSWER_BYTES);
      const held = state.own;
      const renewal = renewWhileRunning(store, held, claimSeconds, context.log);
      let end: StreamedEnd;
      try {
        end = await handler(req, context, hashing(body.chunks, requestHash), answer);
      } catch (error) {
        await freeKey(store, held);
        throw error;
      } finally {
        renewal.stop();
      }
      const whole = end.final ? answer.text(end.last) : undefined;
      // Kept before the last line is sent: a client that has the whole answer may count on its replay.
      if (whole === undefined) await freeKey(store, held);
      else {
        const kept: KeptStream = {
          contentType: 'application/x-ndjson; charset=utf-8',
          body: whole,
          requestHash: requestHash.digest('base64url'),
        };
        await keepForReplay(store, held, { status: 200, body: JSON.stringify(kept) }, context, end.keepForReplayMs);
      }
      out.end(end.last);
    } finally {
      // A body not read to its end (a batch cut short, a refusal) is dropped; an answer begun and
      // broken off by a failure is ended here, so that the client sees it end without its last line.
      body.discardRest();
      if (res.headersSent && !res.writableEnded) res.destroy();
    }
  };
}

/**
 * The caller's key named by the Idempotency-Key header (keys belong to the caller), or undefined
 * without one. A handler that creates something under a random id gives its retries one id from it
 * (gateway/domain/retry-ids.ts): a request whose write landed while its answer was lost frees its key.
 */
export function idempotencyKey(req: Request, context: RequestContext): string | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  if (!KEY.test(header))
    throw new BadRequest('Idempotency-Key must be 1 to 128 visible ASCII characters', [
      { pointer: '/headers/idempotency-key', message: 'invalid' },
    ]);
  return `${context.caller.subject}\n${header}`;
}

/**
 * Claims the key, or answers 409 for a key used with another request or still running. A claim the
 * store did not confirm in time is a 503, and its abandonment is sent after it: a claim that lands
 * once the store answers again is let go then (before, every retry was a 409 "still in progress"
 * for IN_FLIGHT_SECONDS, for a request that never ran: a client that takes a 409 as final dropped it).
 */
async function claim(store: GatewayStore, key: string, fingerprint: string, log: RequestContext['log'], seconds = IN_FLIGHT_SECONDS) {
  const own: IdempotencyClaim = { key, fingerprint, claimant: randomBytes(12).toString('base64url') };
  const state = await store.claimIdempotencyKey(own, seconds).catch((error: unknown) => {
    if (error instanceof StoreUnavailable)
      void store.abandonIdempotencyClaim(own).catch((abandon: unknown) => {
        // Not confirmed either: the claim, if it landed, expires as in flight.
        if (!(abandon instanceof StoreUnavailable)) log.error({ err: abandon }, 'an unconfirmed Idempotency-Key claim could not be let go');
      });
    throw error;
  });
  if (state.state === 'mismatch') throw new Conflict('this Idempotency-Key was used with a different request');
  if (state.state === 'in-flight') throw new Conflict('a request with this Idempotency-Key is still in progress; retry later');
  return { ...state, own };
}

/**
 * Renews a claim every third of its life until stopped (the request's end). A renewal the store
 * did not answer is tried again at the next (two more before the claim would lapse); a claim found
 * gone is not renewed again (logged: another request may now run under the key). One timer, not
 * holding the process open, stopped with its request.
 */
function renewWhileRunning(store: GatewayStore, held: IdempotencyClaim, seconds: number, log: RequestContext['log']) {
  const timer = setInterval(
    () => {
      store.renewIdempotencyClaim(held, seconds).then(
        (stillHeld) => {
          if (stillHeld) return;
          clearInterval(timer);
          log.warn('a batch outlived its Idempotency-Key claim: another request may run under the key');
        },
        (error: unknown) => {
          if (error instanceof StoreUnavailable)
            log.warn({ err: error }, 'an Idempotency-Key claim could not be renewed; tried again at the next');
          else {
            // A defect of ours, not the store's weather: not tried again every third of the claim.
            clearInterval(timer);
            log.error({ err: error }, 'renewing an Idempotency-Key claim failed');
          }
        },
      );
    },
    (seconds * 1000) / 3,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Keeps a final answer for the key's replays, for a day, or until the personal data it holds goes
 * (`keepForMs`, its retention: a stay, a declaration): a replay never hands out what the gateway
 * has deleted. An answer whose data has gone already frees its key: a retry runs again, and is
 * refused past retention as the same request without a key is. A store that cannot keep it now
 * does not undo what the request did (a record stored, lines sent): the client hears the answer.
 * The key is left as it is, not freed: a write that timed out may have landed, and freeing it would
 * drop the answer it keeps, so a retry would run the request again (a second venue, a second
 * revocation). Else it expires as in flight (IN_FLIGHT_SECONDS). Before, a single request's answer
 * became a 503 here.
 */
async function keepForReplay(
  store: GatewayStore,
  held: IdempotencyClaim,
  response: { status: number; body: string },
  context: RequestContext,
  keepForMs = Infinity,
): Promise<void> {
  // NaN (no route makes one) is kept no time rather than sent to Redis as a TTL.
  const seconds = Math.min(TTL_SECONDS, Math.floor(keepForMs / 1000)) || 0;
  if (seconds <= 0) return freeKey(store, held);
  const kept = await store.completeIdempotencyKey(held, response, seconds).catch(async (error: unknown) => {
    if (!(error instanceof StoreUnavailable)) throw error;
    context.log.warn({ err: error }, 'an answer could not be kept for replay');
    return true;
  });
  // The claim lapsed and another request took the key: its answer stands, this one is not kept over it.
  if (!kept) context.log.warn('an answer was not kept for replay: its Idempotency-Key claim had lapsed and another request holds the key');
}

/**
 * Frees the key of a request that failed, or whose answer is not kept, while it still holds the
 * request's own claim (never a claim another request took after this one's lapsed). The request's
 * own failure is what the client must hear; a store too far gone to free the key lets it expire
 * (IN_FLIGHT_SECONDS), after which a retry runs again.
 */
async function freeKey(store: GatewayStore, held: IdempotencyClaim): Promise<void> {
  await store.abandonIdempotencyClaim(held).catch((release: unknown) => {
    if (!(release instanceof StoreUnavailable)) throw release;
  });
}

async function hashOf(chunks: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('base64url');
}

async function* hashing(chunks: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Writes lines through to `out` and keeps a copy of them, up to `maxBytes`; past it, none. */
class KeptLines implements LineSink {
  private lines: string[] = [];
  private bytes = 0;

  constructor(
    private readonly out: LineSink,
    private readonly maxBytes: number,
  ) {}

  async write(line: string): Promise<void> {
    this.keep(line);
    await this.out.write(line);
  }

  /** The whole answer, `last` included, or undefined when it did not fit. */
  text(last: string): string | undefined {
    this.keep(last);
    return this.bytes > this.maxBytes ? undefined : `${this.lines.join('\n')}\n`;
  }

  private keep(line: string): void {
    if (this.bytes > this.maxBytes) return;
    this.bytes += Buffer.byteLength(line) + 1;
    if (this.bytes > this.maxBytes) this.lines = [];
    else this.lines.push(line);
  }
}
