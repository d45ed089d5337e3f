import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Caller } from '../auth/access-tokens';
import { GatewayError } from '../errors/gateway-error';
import { delaySeconds } from './problem-table';

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
 * The per-caller places are kept only while a caller has requests running, so the map is bounded
 * by the process limit.
 *
 * A refusal's Retry-After says when a place should free (HeldFor): a scan's within a second; two
 * slow partners' batches hold theirs for a minute, and `Retry-After: 1` had their refused peers ask
 * sixty times for it.
 */
export function admission(
  { what, perProcess, perCaller = Infinity }: AdmissionLimits,
  now: () => number = () => performance.now(),
): RequestHandler {
  /** The start of every place held, in this process and by caller. */
  const held = new Set<Place>();
  const byCaller = new Map<string, Set<Place>>();
  const typical = new HeldFor();
  return (_req, res, next) => {
    // Answered already (its budget's 503 came while its body arrived): no place is taken, since the
    // answer's events, which give it back, have fired.
    if (res.headersSent) return;
    const caller = (res.locals.caller as Caller | undefined)?.subject ?? '';
    const callers = byCaller.get(caller);
    const at = now();
    if ((callers?.size ?? 0) >= perCaller) {
      res.set('Retry-After', String(delaySeconds(typical.untilOneEnds(callers as Set<Place>, at))));
      return next(new TooManyRequests(`this caller has ${perCaller} ${what} running already; send the next when one has answered`));
    }
    if (held.size >= perProcess) {
      res.set('Retry-After', String(delaySeconds(typical.untilOneEnds(held, at))));
      return next(new Overloaded(`the gateway is serving ${perProcess} ${what} already; retry in a moment`));
    }
    const place: Place = { startedAt: at };
    held.add(place);
    byCaller.set(caller, (callers ?? new Set()).add(place));
    const release = (answered: boolean) => {
      if (!held.delete(place)) return;
      // Only what was answered and done says how long a place is held: not a client gone at once, nor a refusal.
      if (answered && res.statusCode < 400) typical.ended(now() - place.startedAt);
      const mine = byCaller.get(caller);
      mine?.delete(place);
      if (mine?.size === 0) byCaller.delete(caller);
    };
    res.once('finish', () => release(true));
    res.once('close', () => release(false));
    next();
  };
}

/** The longest wait a refusal asks for: past it, the client asks again anyway (a batch may run longer). */
export const MAX_RETRY_AFTER_MS = 60_000;

interface Place {
  startedAt: number;
}

/** Requests answered of late whose time holding a place is remembered. */
const RECENT = 32;

/**
 * How long places are held: the time the recent answered requests held theirs (the last RECENT),
 * read at their 90th percentile, so that a few small batches among minute-long ones do not make a
 * minute look like a second (a mean did: a review). A place held for less than that should end when
 * it reaches it; one held for longer (or with nothing answered yet: a process just started) has
 * run as long as it may run again, so that time again is the guess.
 */
class HeldFor {
  private readonly recent: number[] = [];

  ended(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  /** How long until one of `places` should end, at `at`: between a second and MAX_RETRY_AFTER_MS. */
  untilOneEnds(places: ReadonlySet<Place>, at: number): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const typical = sorted[Math.ceil(sorted.length * 0.9) - 1];
    let soonest = Infinity;
    for (const { startedAt } of places) {
      const ran = at - startedAt;
      soonest = Math.min(soonest, typical !== undefined && typical > ran ? typical - ran : ran);
    }
    return Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, soonest));
  }
}
