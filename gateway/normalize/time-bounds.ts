import { EARLIEST_YEAR, formatIctDate, parseInstant } from './dates';
import { accept, reject, type Parsed } from './parsed';

/** 1900-01-01 00:00 in Indochina Time. */
const EARLIEST_INSTANT = Date.UTC(EARLIEST_YEAR, 0, 1) - 7 * 3600 * 1000;
const EARLIEST_DATE = `${EARLIEST_YEAR}-01-01`;
const DAY_MS = 86_400_000;

/**
 * How far ahead of its arrival a record may date a trip. A trip is declared before it is made (a
 * ticket bought, a checkpoint passage planned), days or a few weeks ahead; a date further out is a
 * typing mistake (2012 for 2021), and read as the trip's date it would keep a declaration current.
 */
export const TRAVEL_DAYS_AHEAD = 30;

/** What a record received at one moment may state: nothing after it (but clock skew), nothing before 1900. */
export interface TimeBounds {
  /** The arrival they were made for (RFC 3339, as given): whoever keeps bounds can tell they are still its record's. */
  readonly receivedAt: string;
  /** Epoch milliseconds: the arrival plus the clock skew allowed between the platform and the gateway. */
  readonly latestInstant: number;
  readonly skewMs: number;
  /** The arrival's local (+07:00) date, `yyyy-MM-dd`: the latest birth date. */
  readonly today: string;
  /** The latest travel date, `yyyy-MM-dd`. */
  readonly latestTravelDate: string;
}

/**
 * The last bounds made, and what they were made from: a record's time fields each ask for the
 * bounds of the same arrival, and a batch's records share one, so the same bounds are asked for
 * again and again. One entry, so nothing grows.
 */
let last: { receivedAt: string; futureSkewMs: number; bounds: TimeBounds } | undefined;

/**
 * The bounds for a record received at `receivedAt` (RFC 3339, the gateway's clock). An unreadable
 * `receivedAt` is a defect of the caller, never of the record: it throws.
 */
export function timeBounds(receivedAt: string, futureSkewMs: number): TimeBounds {
  if (last !== undefined && last.receivedAt === receivedAt && last.futureSkewMs === futureSkewMs) return last.bounds;
  const received = parseInstant(receivedAt);
  if (!Number.isFinite(received)) throw new Error('timeBounds: receivedAt is not an RFC 3339 time');
  const bounds: TimeBounds = Object.freeze({
    receivedAt,
    latestInstant: received + futureSkewMs,
    skewMs: futureSkewMs,
    today: formatIctDate(received),
    latestTravelDate: formatIctDate(received + TRAVEL_DAYS_AHEAD * DAY_MS),
  });
  last = { receivedAt, futureSkewMs, bounds };
  return bounds;
}

/**
 * A time the record states about the past (when it was declared, when a contact happened), as RFC
 * 3339: refused when it lies after the record's arrival by more than the clock skew, or before 1900.
 * A future time would make a declaration look current until that time comes.
 */
export function pastInstant(time: string, bounds: TimeBounds): Parsed<string> {
  const instant = parseInstant(time);
  if (!Number.isFinite(instant)) return reject('is not a date and time that exists');
  if (instant < EARLIEST_INSTANT) return reject(`is before ${EARLIEST_YEAR}: check the year`);
  if (instant > bounds.latestInstant) {
    return reject(
      `is later than the record's arrival at the gateway, by more than the ${describeSkew(bounds.skewMs)} of clock skew allowed`,
    );
  }
  return accept(time);
}

/** A trip's date (`yyyy-MM-dd`): from 1900 to TRAVEL_DAYS_AHEAD days after the record's arrival. */
export function travelDate(date: string, bounds: TimeBounds): Parsed<string> {
  if (date < EARLIEST_DATE) return reject(`is before ${EARLIEST_YEAR}: check the year`);
  if (date > bounds.latestTravelDate)
    return reject(`is more than ${TRAVEL_DAYS_AHEAD} days after the record's arrival at the gateway: check the year`);
  return accept(date);
}

function describeSkew(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  return `${ms / 1000} seconds`;
}
