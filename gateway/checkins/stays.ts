import type { Stay, StoredStay } from '../domain/checkin';
import { formatIct } from '../normalize/dates';

const MINUTE_MS = 60_000;
/**
 * The longest a stay lasts: a venue's default stay is at most a day (1440 minutes), and a check-out
 * closes a stay only within a day of its check-in. So the stays that can matter to an event at `t`
 * started within MAX_STAY_MS before it, and a store reads only those.
 */
export const MAX_STAY_MS = 1440 * MINUTE_MS;

/** What an event changes: the stays to write (each whole, keyed by its id) and the stay it answers with. */
export interface StayChange {
  writes: StoredStay[];
  answer: StoredStay;
}

/** An event of one subject at one venue, with the stay id derived from the event (a retry is the same stay). */
export interface StayEvent {
  stayId: string;
  venueId: string;
  citizenId: string | null;
  /** Epoch milliseconds. */
  at: number;
  defaultStayMinutes: number;
}

/** When a stay ends: its closing time, or, never closed, its start plus its venue's default stay. */
export function endOf(stay: StoredStay): number {
  return stay.out !== undefined ? Date.parse(stay.out) : Date.parse(stay.in) + stay.defaultStayMinutes * MINUTE_MS;
}

/** A stay as answered: an open one is read as ending by itself (`auto`), computed now rather than by a timer. */
export function asRead(stay: StoredStay): Stay {
  return {
    stayId: stay.stayId,
    venueId: stay.venueId,
    citizenId: stay.citizenId,
    in: stay.in,
    out: formatIct(endOf(stay)),
    outSource: stay.outSource ?? 'auto',
  };
}

/** The citizen's stay an event at `at` follows: the latest one started at or before it (ties by id, so the choice is stable). */
function latestBefore(stays: readonly StoredStay[], at: number): StoredStay | undefined {
  let latest: StoredStay | undefined;
  for (const stay of stays) {
    const start = Date.parse(stay.in);
    if (start > at) continue;
    const best = latest ? Date.parse(latest.in) : -Infinity;
    if (!latest || start > best || (start === best && stay.stayId > latest.stayId)) latest = stay;
  }
  return latest;
}

/**
 * A check-in at `event.at`: opens a stay there; the citizen's stay still open at that moment (not
 * closed, its default stay not yet run out) is closed then, `next-checkin`, wherever it was (a
 * person is in one place at a time). `stays` are the citizen's stays started within MAX_STAY_MS
 * before the event; an unlinked subject has none. Applied twice (a retried write), it changes nothing.
 */
export function checkIn(stays: readonly StoredStay[], event: StayEvent): StayChange {
  const already = stays.find((s) => s.stayId === event.stayId);
  if (already) return { writes: [], answer: already };
  const opened: StoredStay = {
    stayId: event.stayId,
    venueId: event.venueId,
    citizenId: event.citizenId,
    in: formatIct(event.at),
    defaultStayMinutes: event.defaultStayMinutes,
  };
  const previous = latestBefore(stays, event.at);
  if (!previous || previous.outSource !== undefined || endOf(previous) <= event.at) return { writes: [opened], answer: opened };
  const closed: StoredStay = { ...previous, out: formatIct(event.at), outSource: 'next-checkin' };
  return { writes: [closed, opened], answer: opened };
}

/**
 * A check-out at `event.at`: closes the citizen's latest stay, `manual`, when it is at this venue,
 * still open, and began at most MAX_STAY_MS before (a check-out after the default stay ran out still
 * closes it: the person said when they left). Otherwise there is no open stay to close, and the
 * check-out makes a stay that ends then and began the venue's default stay earlier (`inferred`).
 * Applied twice (a retried write), it changes nothing.
 */
export function checkOut(stays: readonly StoredStay[], event: StayEvent): StayChange {
  const already = stays.find((s) => s.stayId === event.stayId);
  if (already) return { writes: [], answer: already };
  const previous = latestBefore(stays, event.at);
  const out = formatIct(event.at);
  if (previous && previous.venueId === event.venueId && event.at - Date.parse(previous.in) <= MAX_STAY_MS) {
    // This very check-out, written before a crash: the same stay, closed at the same moment.
    if (previous.outSource === 'manual' && previous.out === out) return { writes: [], answer: previous };
    if (previous.outSource === undefined) {
      const closed: StoredStay = { ...previous, out, outSource: 'manual' };
      return { writes: [closed], answer: closed };
    }
  }
  const inferred: StoredStay = {
    stayId: event.stayId,
    venueId: event.venueId,
    citizenId: event.citizenId,
    in: formatIct(event.at - event.defaultStayMinutes * MINUTE_MS),
    defaultStayMinutes: event.defaultStayMinutes,
    out,
    outSource: 'inferred',
  };
  return { writes: [inferred], answer: inferred };
}
