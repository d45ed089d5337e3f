import { routes, type Routes } from '../route-table';
import type { VerifyService } from '../../verify/verify-service';
import { requireScope } from '../authenticate';
import { admission } from '../admission';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { BadRequest } from '../problems';
import { shapedAsPersonalNumber } from '../personal-shape';
import { jsonReply } from '../reply';

export interface VerifyRouteDependencies {
  verify: VerifyService;
  /** Scans served at once by this process (VERIFY_MAX_IN_FLIGHT); past it, 503 with Retry-After at once. */
  maxScansInFlight: number;
  /** Of those, one caller's at most (VERIFY_MAX_IN_FLIGHT_PER_CALLER); past it, 429 with Retry-After. */
  maxScansInFlightPerCaller?: number;
}

const EXPECTED = '{ "qr": "<scanned text>", "checkpointId": "<optional>" }';
const CHECKPOINT_ID = /^[\w.-]{1,64}$/;

/**
 * POST /v1/verify: a checkpoint's scan. Always 200 with a status; a bad QR is `invalid`, not an error.
 * Not idempotent-cached: a scan is a read of the citizen's status now, and a replay would serve an old one.
 */
export function verifyRoutes({ verify, maxScansInFlight, maxScansInFlightPerCaller }: VerifyRouteDependencies): Routes {
  const router = routes();
  router.post(
    '/v1/verify',
    requireScope('verify'),
    // The body (8 KiB at most) read before a place is taken: a scan whose body trickles in holds none.
    // Taken first, one caller sending headers and a few bytes held every place until each request's
    // budget ran out, within its allowance, and every checkpoint was answered 503 (a hostile review).
    rawBody('8kb'),
    admission({ what: 'scans', perProcess: maxScansInFlight, perCaller: maxScansInFlightPerCaller }),
    handle(async (req, context) => {
      const { qr, checkpointId } = (jsonBody(req, EXPECTED) ?? {}) as { qr?: unknown; checkpointId?: unknown };
      const errors = [];
      if (typeof qr !== 'string' || qr.length === 0 || qr.length > 2048)
        errors.push({ pointer: '/qr', message: 'the scanned text, 1 to 2048 characters' });
      if (checkpointId !== undefined && (typeof checkpointId !== 'string' || !CHECKPOINT_ID.test(checkpointId)))
        errors.push({ pointer: '/checkpointId', message: 'letters, digits, dot, dash, underscore; at most 64' });
      if (errors.length > 0) throw new BadRequest(`send ${EXPECTED}`, errors);
      // Which checkpoint scanned goes into the request's log line (an id of a place, not of a person;
      // one shaped as a personal number, a checkpoint system sending what it scanned, is withheld).
      if (typeof checkpointId === 'string')
        context.note({ checkpointId: shapedAsPersonalNumber(checkpointId) ? '[withheld]' : checkpointId });
      return jsonReply(200, await verify.verify(qr as string));
    }),
  );
  return router;
}
