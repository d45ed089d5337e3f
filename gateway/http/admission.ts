import type { RequestHandler } from 'express';
import { GatewayError } from '../errors/gateway-error';

/** Refused at once because the process already holds as many such requests as it can serve well. */
export class Overloaded extends GatewayError {
  readonly code = 'overloaded';
}

/**
 * At most `limit` requests of one kind in flight in this process; past it, a 503 with Retry-After at
 * once. Past capacity a scan would wait behind the others, miss its deadline on the gateway's own
 * queue, and answer from nothing: refusing honestly and early is better for a queue at a checkpoint.
 */
export function admission(limit: number, what: string): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= limit) return next(new Overloaded(`the gateway is serving ${limit} ${what} already; retry in a moment`));
    inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight -= 1;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
