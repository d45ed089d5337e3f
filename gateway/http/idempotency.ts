import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { GatewayStore } from '../store/gateway-store';
import { StoreUnavailable } from '../store/store-errors';
import { contextOf, type Handler } from './handle';
import { BadRequest, Conflict } from './problems';
import { sendReply, type Reply } from './reply';

const KEY = /^[\x21-\x7e]{1,128}$/;
const TTL_SECONDS = 24 * 3600;
/** How long a claimed key waits for its request before another may take it over (a crashed process). */
const IN_FLIGHT_SECONDS = 60;

/**
 * Runs a POST handler under the Idempotency-Key header, when one is sent: the same key and body
 * replay the first answer; another body, or the first still running, is a 409. Keys belong to the
 * caller (the token's subject), so two partners never share one. A failed request frees its key.
 */
export function idempotent(store: GatewayStore, handler: Handler): RequestHandler {
  return async (req, res) => {
    const context = contextOf(res);
    const header = req.get('idempotency-key');
    if (header === undefined) return sendReply(res, await handler(req, context));
    if (!KEY.test(header))
      throw new BadRequest('Idempotency-Key must be 1 to 128 visible ASCII characters', [
        { pointer: '/headers/idempotency-key', message: 'invalid' },
      ]);

    const key = `${context.caller.subject}\n${header}`;
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n`)
      .update(Buffer.isBuffer(req.body) ? req.body : '')
      .digest('base64url');
    const state = await store.claimIdempotencyKey(key, fingerprint, IN_FLIGHT_SECONDS);
    if (state.state === 'mismatch') throw new Conflict('this Idempotency-Key was used with a different request');
    if (state.state === 'in-flight') throw new Conflict('a request with this Idempotency-Key is still in progress; retry later');
    if (state.state === 'completed') {
      res.set('Idempotent-Replayed', 'true');
      return sendReply(res, { status: state.response.status, ...(JSON.parse(state.response.body) as Omit<Reply, 'status'>) });
    }
    let reply: Reply;
    try {
      reply = await handler(req, context);
    } catch (error) {
      // The request's own failure is what the client must hear; a store too far gone to free the key
      // lets it expire (IN_FLIGHT_SECONDS), after which a retry runs again.
      await store.releaseIdempotencyKey(key).catch((release: unknown) => {
        if (!(release instanceof StoreUnavailable)) throw release;
      });
      throw error;
    }
    if (reply.final === false) {
      await store.releaseIdempotencyKey(key);
      return sendReply(res, reply);
    }
    const stored = JSON.stringify({ contentType: reply.contentType, body: reply.body.toString(), headers: reply.headers });
    await store.completeIdempotencyKey(key, fingerprint, { status: reply.status, body: stored }, TTL_SECONDS);
    sendReply(res, reply);
  };
}
