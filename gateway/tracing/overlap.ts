import type { StoredStay } from '../domain/checkin';
import type { TracedStay } from '../domain/tracing';
import { endOf } from '../checkins/stays';
import { formatIct } from '../normalize/dates';

const MINUTE_MS = 60_000;

/** A query's window, half-open: [fromMs, toMs), epoch milliseconds. */
export interface TracingWindow {
  fromMs: number;
  toMs: number;
}

/**
 * When a stay ends as a tracer reads it at `now`: a closed stay at its close; an open one at its
 * start plus its default stay (`auto`), or now if that is sooner, since nobody can say yet that the
 * person is still there (and a stay begun a moment ahead of the gateway's clock has lasted nothing).
 */
export function tracedEnd(stay: StoredStay, now: number): number {
  const end = endOf(stay);
  return stay.outSource !== undefined ? end : Math.max(Date.parse(stay.in), Math.min(end, now));
}

/**
 * How long, in milliseconds, the stay [in, end) overlapped the window [from, to): both half-open,
 * so a stay that ended exactly when the window starts, or began exactly when it ends, overlapped 0.
 */
export function overlapMs(stay: StoredStay, window: TracingWindow, now: number): number {
  const start = Math.max(Date.parse(stay.in), window.fromMs);
  const end = Math.min(tracedEnd(stay, now), window.toMs);
  return Math.max(0, end - start);
}

/**
 * The stay as a query answers it when it overlapped the window for more than nothing and at least
 * `minOverlapMinutes`; otherwise undefined. `overlapMinutes` is whole minutes, rounded down.
 */
export function tracedStay(stay: StoredStay, window: TracingWindow, minOverlapMinutes: number, now: number): TracedStay | undefined {
  const overlap = overlapMs(stay, window, now);
  if (overlap <= 0 || overlap < minOverlapMinutes * MINUTE_MS) return undefined;
  return {
    citizenId: stay.citizenId,
    venueId: stay.venueId,
    in: stay.in,
    out: formatIct(tracedEnd(stay, now)),
    outSource: stay.outSource ?? 'auto',
    overlapMinutes: Math.floor(overlap / MINUTE_MS),
  };
}
