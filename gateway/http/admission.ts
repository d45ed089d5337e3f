import type { RequestHandler } from 'express';
import type { Caller } from '../auth/access-tokens';
import { GatewayError } from '../errors/gateway-error';

/** Refused at once because the process already holds as many such requests as it can serve well. */
export class Overloaded extends GatewayError {
  readonly code = 'overloaded';
}

/** Refused at once because this caller already has as many such requests running as it may. */
export class TooManyRequests extends GatewayError {
  readonly code = 'too-many-requests';
}

export interface AdmissionLimits {
  /** What is counted, for the refusal's message ("scans", "batches"). */
  what: string;
  /** In flight in this process at once; past it, 503 with Retry-After. */
  perProcess: number;
  /** In flight for one caller (the token's subject) at once; past it, 429 with Retry-After. */
  perCaller?: number;
}

/**
 * At most so many requests of one kind in flight, in this process and per caller; past either, a
 * refusal with Retry-After at once (a batch's before its body is read; a scan's once its small
 * body has come, so that a body that trickles in holds no place). Past capacity a scan would wait behind
 * the others, miss its deadline on the gateway's own queue and answer from nothing, and a batch
 * would hold hundreds of megabytes: refusing honestly and early is better for everyone queued.
 * The per-caller counts are kept only while a caller has requests running, so the map is bounded
 * by the process limit.
 */
export function admission({ what, perProcess, perCaller = Infinity }: AdmissionLimits): RequestHandler {
  let inFlight = 0;
  const byCaller = new Map<string, number>();
  return (_req, res, next) => {
    // Answered already (its budget's 503 came while its body arrived): no place is taken, since the
    // answer's events, which give it back, have fired.
    if (res.headersSent) return;
    const caller = (res.locals.caller as Caller | undefined)?.subject ?? '';
    const callerCount = byCaller.get(caller) ?? 0;
    if (callerCount >= perCaller)
      return next(new TooManyRequests(`this caller has ${perCaller} ${what} running already; send the next when one has answered`));
    if (inFlight >= perProcess) return next(new Overloaded(`the gateway is serving ${perProcess} ${what} already; retry in a moment`));
    inFlight += 1;
    byCaller.set(caller, callerCount + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      const left = (byCaller.get(caller) ?? 1) - 1;
      if (left === 0) byCaller.delete(caller);
      else byCaller.set(caller, left);
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
