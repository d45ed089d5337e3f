import express, { Router } from 'express';
import type { AuthConfig } from '../../config';
import type { GatewayStore } from '../../store/gateway-store';
import type { VerifyService } from '../../verify/verify-service';
import { authenticate, requireScope } from '../authenticate';
import { idempotent } from '../idempotency';
import { BadRequest } from '../problems';
import { jsonReply } from '../reply';

export interface VerifyRouteDependencies {
  auth: AuthConfig;
  store: GatewayStore;
  verify: VerifyService;
}

/** POST /v1/verify: a checkpoint's scan. Always 200 with a status; a bad QR is `invalid`, not an error. */
export function verifyRoutes({ auth, store, verify }: VerifyRouteDependencies): Router {
  const router = Router();
  router.post('/v1/verify', authenticate(auth), requireScope('verify'), express.raw({ type: () => true, limit: '8kb' }), idempotent(store, async (req) => {
    let body: unknown;
    try {
      body = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      throw new BadRequest('the body is not valid JSON', [{ pointer: '', message: 'not valid JSON' }]);
    }
    const { qr, checkpointId } = (body ?? {}) as { qr?: unknown; checkpointId?: unknown };
    const errors = [];
    if (typeof qr !== 'string' || qr.length === 0 || qr.length > 2048) errors.push({ pointer: '/qr', message: 'the scanned text, 1 to 2048 characters' });
    if (checkpointId !== undefined && (typeof checkpointId !== 'string' || !/^[\w.-]{1,64}$/.test(checkpointId))) errors.push({ pointer: '/checkpointId', message: 'letters, digits, dot, dash, underscore; at most 64' });
    if (errors.length > 0) throw new BadRequest('send { "qr": "<scanned text>", "checkpointId": "<optional>" }', errors);
    return jsonReply(200, await verify.verify(qr as string));
  }));
  return router;
}
