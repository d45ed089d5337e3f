import type { CheckinStay, Stay, StoredStay } from '../domain/checkin';
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
  /** Who sent the event (a keyed hash of the token subject): later events pair with the stay only from the same caller, or by a unified QR. */
  openedBy?: string;
}

/** When a stay ends: its closing time, or, never closed, its start plus its venue's default stay. */
export function endOf(stay: StoredStay): number {
  return stay.out !== undefined ? Date.parse(stay.out) : Date.parse(stay.in) + stay.defaultStayMinutes * MINUTE_MS;
}

/**
 * The latest a stay's end can still be, as a bound for what must not outlive it (an answer kept for
 * replay, a tracing query naming it): a check-out's end (`manual`, `inferred`) stays; an open stay's
 * (`auto`) or one ended by the next check-in may still be cut short by a check-out, which deletes the
 * stay that much sooner, so its start is the only safe bound. Kept from the end read, a check-in's
 * replay and a tracing query outlived the stay by up to its default length (hostile probe).
 */
export function settledEnd(stay: Pick<Stay, 'in' | 'out' | 'outSource'>): string {
  return stay.outSource === 'manual' || stay.outSource === 'inferred' ? stay.out : stay.in;
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

/**
 * A stay as a check-in answers it (see CheckinStay in the schema): the citizen's id only to the
 * holder of their unified QR; anyone else learns whether the subject joined somebody, never whom.
 */
export function asAnswered(stay: StoredStay, showCitizen: boolean): CheckinStay {
  const { citizenId, ...read } = asRead(stay);
  return showCitizen && citizenId !== null ? { ...read, citizenId } : { ...read, linked: citizenId !== null };
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

/** The citizen's stay that began first after `at` (an event that arrived late has it). */
function firstAfter(stays: readonly StoredStay[], at: number): StoredStay | undefined {
  let first: StoredStay | undefined;
  for (const stay of stays) {
    const start = Date.parse(stay.in);
    if (start <= at) continue;
    const best = first ? Date.parse(first.in) : Infinity;
    if (!first || start < best || (start === best && stay.stayId < first.stayId)) first = stay;
  }
  return first;
}

/** Two check-outs of one visit this close together are one: the app's and the venue's device's, a few seconds apart. */
export const SAME_CHECKOUT_MS = 5 * MINUTE_MS;

const SECOND_MS = 1000;

/**
 * A check-in at `event.at`. `stays` are the citizen's stays this event may pair with (see
 * checkin-service.ts: the same caller's, or all of them for a unified QR), started within
 * MAX_STAY_MS either side of the event; an unlinked subject has none.
 * - At the venue of a stay whose check-out came first and inferred its start (inferredCheckOutOf):
 *   the stay begins here (arrivedAt), as had the two come in order.
 * - At the venue whose stay covers that moment: the same visit, scanned twice (the app, then the
 *   venue's device); that stay is the answer and nothing changes.
 * - Else it opens a stay; the stay covering that moment elsewhere, open or closed by a later
 *   check-in, is closed then (`next-checkin`): a person is in one place at a time.
 * - A check-in that arrives after a later one (an offline device's batch) ends where the citizen's
 *   next stay begins (`next-checkin`), unless its default stay ran out before.
 * Applied twice (a retried write), it changes nothing.
 */
export function checkIn(stays: readonly StoredStay[], event: StayEvent): StayChange {
  const already = stays.find((s) => s.stayId === event.stayId);
  if (already) return { writes: [], answer: already };
  const guessed = inferredCheckOutOf(stays, event);
  if (guessed) return arrivedAt(stays, guessed, event);
  const previous = latestBefore(stays, event.at);
  const covering = previous && endOf(previous) > event.at ? previous : undefined;
  if (covering?.venueId === event.venueId) return { writes: [], answer: covering };
  const next = firstAfter(stays, event.at);
  const writes: StoredStay[] = [];
  if (covering && closedByNext(covering)) writes.push({ ...covering, out: formatIct(event.at), outSource: 'next-checkin' });
  let opened: StoredStay = {
    stayId: event.stayId,
    venueId: event.venueId,
    citizenId: event.citizenId,
    in: formatIct(event.at),
    defaultStayMinutes: event.defaultStayMinutes,
    ...(event.openedBy ? { openedBy: event.openedBy } : {}),
  };
  if (next && Date.parse(next.in) < endOf(opened)) opened = { ...opened, out: next.in, outSource: 'next-checkin' };
  writes.push(opened);
  return { writes, answer: opened };
}

/**
 * The stay a check-out inferred that this check-in begins (the check-out came first): at its venue,
 * the first one ending at or after the check-in and within a day of it, begun at or before the
 * check-in, or after it with no other stay begun between (else the person was elsewhere between
 * the two, and the check-out pairs with no check-in, as it would in order).
 */
function inferredCheckOutOf(stays: readonly StoredStay[], event: StayEvent): StoredStay | undefined {
  let found: StoredStay | undefined;
  for (const stay of stays) {
    if (stay.venueId !== event.venueId || stay.outSource !== 'inferred') continue;
    const out = Date.parse(stay.out as string);
    if (out >= event.at && out - event.at <= MAX_STAY_MS && (!found || out < Date.parse(found.out as string))) found = stay;
  }
  if (!found) return undefined;
  const guessedStart = Date.parse(found.in);
  const between = (stay: StoredStay) => Date.parse(stay.in) > event.at && Date.parse(stay.in) < guessedStart;
  return guessedStart <= event.at || !stays.some(between) ? found : undefined;
}

/**
 * A check-in at the venue of the stay its check-out inferred (the check-out came first: an offline
 * device's batch, or a slower write of the check-in), within it or before its guessed start with no
 * stay between: the person came now. The stay begins here, closed by that check-out (`manual`), as
 * had the two come in order; a stay the guess had cut short (ended at the guessed start,
 * `next-checkin`: the gap split at its middle, a late check-in fitted before it) ends at this
 * check-in, or by itself when its default stay ran out before; one still open elsewhere now is
 * closed now. A guessed start left standing made the person present before they came: a false red
 * under an exposure notice of that hour, and a false contact.
 */
function arrivedAt(stays: readonly StoredStay[], inferred: StoredStay, event: StayEvent): StayChange {
  const changed = new Map<string, StoredStay>();
  // The guess's own start left out: a stay it cut short runs to the check-in, never over the next stay begun after it.
  const others = stays.filter((stay) => stay.stayId !== inferred.stayId);
  for (const stay of others)
    if (stay.outSource === 'next-checkin' && stay.out === inferred.in) {
      const next = firstAfter(others, Date.parse(stay.in));
      changed.set(stay.stayId, endedBy(stay, Math.min(event.at, next ? Date.parse(next.in) : Infinity)));
    }
  // As the loop above left it: a stay it let end by itself is not closed again at the check-in.
  const before = latestBefore(stays, event.at);
  const previous = before && (changed.get(before.stayId) ?? before);
  if (previous && previous.venueId !== event.venueId && endOf(previous) > event.at && closedByNext(previous))
    changed.set(previous.stayId, { ...previous, out: formatIct(event.at), outSource: 'next-checkin' });
  const arrived: StoredStay = { ...inferred, in: formatIct(event.at), outSource: 'manual' };
  return { writes: [...changed.values(), arrived], answer: arrived };
}

/** Whether the citizen's next event ends this stay: it is open, or was ended only by a later event (not by its own check-out). */
function closedByNext(stay: StoredStay): boolean {
  return stay.outSource === undefined || stay.outSource === 'next-checkin';
}

/** A stay ended by the next event at `at`, or left to end by itself (auto) when its default stay ran out first. */
function endedBy(stay: StoredStay, at: number): StoredStay {
  if (Date.parse(stay.in) + stay.defaultStayMinutes * MINUTE_MS > at) return { ...stay, out: formatIct(at), outSource: 'next-checkin' };
  const { out: _out, outSource: _outSource, ...open } = stay;
  return open;
}

/**
 * A check-out at `event.at`, with the stays a check-in is given:
 * - At the venue of the citizen's latest stay, begun at most MAX_STAY_MS before, still open or
 *   closed only by a later check-in: closes it then (`manual`; after its default stay ran out too:
 *   the person said when they left). Closed by a check-out within SAME_CHECKOUT_MS: the same
 *   check-out (the app's and the device's), answered as it stands.
 * - Otherwise it makes a stay that ends then and began the venue's default stay earlier
 *   (`inferred`), but never before the citizen's previous stay ended. When that previous stay is
 *   still open at another venue, the person moved between its check-in and this check-out: the gap
 *   is split at its middle, the open stay closed there (`next-checkin`) and the inferred one begun.
 * Applied twice (a retried write), it changes nothing.
 */
export function checkOut(stays: readonly StoredStay[], event: StayEvent): StayChange {
  const already = stays.find((s) => s.stayId === event.stayId);
  if (already) return { writes: [], answer: already };
  const previous = latestBefore(stays, event.at);
  const out = formatIct(event.at);
  if (previous && previous.venueId === event.venueId && event.at - Date.parse(previous.in) <= MAX_STAY_MS) {
    const closedAt = previous.out === undefined ? undefined : Date.parse(previous.out);
    // The app's and the device's check-out of one visit, whichever came first; and so when the
    // first inferred its stay (both came before the check-in): a second inferred stay would begin
    // up to a default stay before the person came.
    if (
      (previous.outSource === 'manual' || previous.outSource === 'inferred') &&
      Math.abs((closedAt as number) - event.at) <= SAME_CHECKOUT_MS
    )
      return { writes: [], answer: previous };
    if (previous.outSource === undefined || (previous.outSource === 'next-checkin' && (closedAt as number) >= event.at)) {
      const closed: StoredStay = { ...previous, out, outSource: 'manual' };
      return { writes: [closed], answer: closed };
    }
  }
  let start = event.at - event.defaultStayMinutes * MINUTE_MS;
  const writes: StoredStay[] = [];
  if (previous && previous.venueId !== event.venueId && previous.outSource === undefined && endOf(previous) > start) {
    const began = Date.parse(previous.in);
    start = Math.max(start, began + Math.floor((event.at - began) / 2 / SECOND_MS) * SECOND_MS);
    writes.push({ ...previous, out: formatIct(start), outSource: 'next-checkin' });
  } else if (previous) start = Math.max(start, Math.min(endOf(previous), event.at));
  const inferred: StoredStay = {
    stayId: event.stayId,
    venueId: event.venueId,
    citizenId: event.citizenId,
    in: formatIct(start),
    defaultStayMinutes: event.defaultStayMinutes,
    out,
    outSource: 'inferred',
    ...(event.openedBy ? { openedBy: event.openedBy } : {}),
  };
  writes.push(inferred);
  return { writes, answer: inferred };
}
