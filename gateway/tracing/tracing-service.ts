import { randomBytes } from 'node:crypto';
import { schemaReasons, unjudgedText } from '../../adapters';
import schema from '../../schemas/tracing.v1.schema.json';
import type { Retention } from '../domain/retention';
import { compileSchema } from '../domain/schema-compiler';
import type { Contact, StoredTracingQuery, TracedStay, TracingAnswer, TracingPurpose, TracingQuery } from '../domain/tracing';
import { formatIct, parseDateTime } from '../normalize/dates';
import { normalizeName } from '../normalize/names';
import { DeadlineExceeded } from '../routing/deadline';
import type { AuditLog } from '../operations/audit-log';
import type { GatewayEvents } from '../operations/gateway-events';
import type { GatewayStore } from '../store/gateway-store';
import type { StayStore } from '../store/stay-store';
import type { TracingQueryStore } from '../store/tracing-query-store';
import type { VenueStore } from '../store/venue-store';
import { personShown, undisputed } from '../verify/checkpoint-person';
import { MAX_VENUE_DEPTH } from '../venues/venue-registration';
import { settledEnd } from '../checkins/stays';
import { tracedStay, type TracingWindow } from './overlap';

const validateQuery = compileSchema<TracingQuery>(schema);
const QUERY_ID = new RegExp(schema.$defs.QueryId.pattern);
const DAY_MS = 86_400_000;
/** The bounds of a query, so that one costs what a tracer can use, and no more. */
export const TRACING_LIMITS = {
  /** The longest window: a month, the longest any 2021 notice named. */
  maxWindowDays: 31,
  /** Venues named in one query (the schema's maxItems). */
  maxVenues: schema.properties.venues.maxItems,
  /** Venues queried once children are added (a hospital's wards, their rooms). */
  maxVenuesWithChildren: 500,
  /** How deep children are followed: as deep as registration lets venues go (a building, its floors, their wards, ...). */
  maxChildDepth: MAX_VENUE_DEPTH,
  /** Stays answered at most: a market with 20,000 check-ins a day for five days; past it, narrow the query. */
  maxStays: 100_000,
  /** Longest a query is kept for its contacts (the check-in retention if that is shorter). */
  queryKeepDays: 14,
  /** Contacts answered in one page (`?after=` the last citizen id for the next). */
  contactsPage: 1000,
  /** The earliest window a query may name: before the venue QRs of 2020 there were no check-ins. */
  earliest: Date.parse('2020-01-01T00:00:00+07:00'),
  /** How far past now a window may reach (a tracer who types tomorrow's date as the end). */
  maxDaysAhead: 31,
} as const;

/** Why a query was refused: the field at fault (its JSON pointer), a stable code, and what to change. */
export interface TracingReason {
  pointer: string;
  code: string;
  message: string;
}

/** Venue records read at once while children are followed. */
const VENUE_READS_AT_ONCE = 32;

export interface TracingServiceDependencies {
  stays: StayStore;
  venues: VenueStore;
  queries: TracingQueryStore;
  /** The citizens, for the contacts: names from their declarations, phones from their identifiers. */
  store: GatewayStore;
  audit: AuditLog;
  clock: () => Date;
  checkinRetention: Retention;
  events?: GatewayEvents;
}

/** Who is asking, and which request: what the audit log records. */
export interface TracingCaller {
  subject: string;
  requestId: string;
  /**
   * Aborted when the request's budget has run out and the client has its 503: nothing is then kept,
   * and no audit line says the caller was answered what they never received.
   */
  signal?: AbortSignal;
}

export type QueryOutcome = { ok: true; answer: TracingAnswer } | { ok: false; reasons: TracingReason[] };

/** A page of a query's contacts: what was asked, who to call, and the citizen id to read the next page after. */
export interface QueryContacts {
  query: StoredTracingQuery;
  contacts: Contact[];
  next?: string;
}

/**
 * Contact tracing: who was at these venues in this window (ids and times, no names), kept under an
 * opaque query id for the contacts (names and phones) of exactly those citizens. Every call, answered
 * or refused, is recorded in the audit log with who asked, why, the case and how many citizens it
 * returned, and never the names or phones themselves; a call whose audit line cannot be written fails.
 */
export class TracingService {
  constructor(private readonly deps: TracingServiceDependencies) {}

  async query(body: unknown, caller: TracingCaller): Promise<QueryOutcome> {
    const { kept, ...outcome } = await this.answer(body, caller);
    // What was looked up, as read when answered (the window in +07:00), else as stated.
    const given = { ...stated(body), ...lookedUp(kept) };
    const purpose = outcome.ok ? (given.purpose as TracingPurpose) : undefined;
    inTime(caller.signal);
    await this.deps.audit.append({
      at: formatIct(this.deps.clock()),
      actor: caller.subject,
      action: outcome.ok ? 'tracing-query' : 'tracing-query-refused',
      ...given,
      ...(outcome.ok ? { queryId: outcome.answer.queryId } : {}),
      citizens: outcome.ok ? outcome.answer.citizens : 0,
      requestId: caller.requestId,
    });
    this.deps.events?.emit('tracing-query', {
      purpose: purpose ?? knownPurpose(given.purpose),
      result: outcome.ok ? 'answered' : 'refused',
    });
    return outcome;
  }

  /**
   * The contacts of a query, for the caller who asked it only: undefined (a 404) for a query unknown,
   * expired, or asked by another subject, so that a query id passed on reveals nothing.
   */
  async contacts(queryId: string, caller: TracingCaller, after?: string): Promise<QueryContacts | undefined> {
    const query = QUERY_ID.test(queryId) ? await this.deps.queries.getQuery(queryId) : undefined;
    const mine = query?.askedBy === caller.subject ? query : undefined;
    const { page, more } = mine ? await this.pageOf(mine, after, caller.signal) : { page: [], more: false };
    const contacts: Contact[] = [];
    for (let i = 0; i < page.length; i += 16) {
      inTime(caller.signal);
      contacts.push(...(await Promise.all(page.slice(i, i + 16).map((id) => this.contactOf(id)))));
    }
    inTime(caller.signal);
    await this.deps.audit.append({
      at: formatIct(this.deps.clock()),
      actor: caller.subject,
      action: mine ? 'tracing-contacts' : 'tracing-contacts-refused',
      ...(query ? { purpose: query.purpose, caseRef: query.caseRef, queryId, ...lookedUp(query) } : {}),
      citizens: contacts.length,
      requestId: caller.requestId,
    });
    this.deps.events?.emit('tracing-contacts', { result: mine ? 'answered' : 'not-found' });
    const next = more ? page.at(-1) : undefined;
    return mine && { query: mine, contacts, ...(next ? { next } : {}) };
  }

  private async answer(body: unknown, caller: TracingCaller): Promise<QueryOutcome & { kept?: StoredTracingQuery }> {
    const now = this.deps.clock().getTime();
    if (!validateQuery(body)) return { ok: false, reasons: withWindowReasons(schemaReasons(validateQuery.errors), body, now) };
    const reasons: TracingReason[] = [];
    const window = readWindow(body.from, body.to, now, reasons);
    // Stays are kept CHECKIN_RETENTION_DAYS after they end: before that edge the gateway can no
    // longer say who was there, and "nobody" would be an answer it does not have.
    const keptFrom = now - this.deps.checkinRetention.ms;
    if (window && window.fromMs < keptFrom && !reasons.some((reason) => reason.pointer === '/from'))
      reasons.push({
        pointer: '/from',
        code: 'past-retention',
        message: `is before the ${this.deps.checkinRetention.days} days the gateway keeps check-ins: stays that ended before ${formatIct(keptFrom)} are gone; start the window then or later`,
      });
    const caseRef = normalizeName(body.caseRef);
    if (caseRef === '')
      reasons.push({ pointer: '/caseRef', code: 'missing', message: 'shows nothing once invisible characters and spaces are removed' });
    const withChildren = body.includeChildVenues ?? true;
    const venueIds = await this.readVenues(body.venues, withChildren, reasons, caller.signal);
    if (!window || !venueIds || reasons.length > 0) return { ok: false, reasons };
    const read = await this.readStays(venueIds, window, body.minOverlapMinutes ?? 0, now, caller.signal);
    if (!read)
      return {
        ok: false,
        reasons: [
          {
            pointer: '',
            code: 'too-many-stays',
            message: `finds more than ${TRACING_LIMITS.maxStays} stays: narrow the window, the venues, or leave out child venues`,
          },
        ],
      };
    const ordered = byStart(read.stays);
    const citizenIds = distinctCitizens(ordered);
    // The stays that keep the query: not one that may go at any moment. Such a stay's citizen, found
    // by no other, is a contact only while that stay is still held (checked when contacts are read).
    const lasting = ordered.filter((stay) => stay.citizenId !== null && this.goesAt(stay) > now);
    const edge = atTheEdge(ordered, new Set(distinctCitizens(lasting)));
    const edgeStays = edge.map(({ citizenId, venueId, stay }) => ({ citizenId, venueId, stayId: read.idOf.get(stay) as string }));
    const queryId = `trq_${randomBytes(16).toString('base64url')}`;
    inTime(caller.signal);
    const kept: StoredTracingQuery = {
      queryId,
      askedBy: caller.subject,
      purpose: body.purpose,
      caseRef,
      askedAt: formatIct(now),
      venues: body.venues,
      includeChildVenues: withChildren,
      from: formatIct(window.fromMs),
      to: formatIct(window.toMs),
      citizenIds: distinctCitizens(lasting),
      ...(edgeStays.length > 0 ? { edgeStays } : {}),
    };
    await this.deps.queries.putQuery(kept, this.keepQueryMs(lasting, now), this.edgeKeepMs(edge, now));
    return { ok: true, answer: { queryId, citizens: citizenIds.length, stays: ordered }, kept };
  }

  /**
   * How long a query is kept for its contacts: 14 days (the check-in retention if shorter), and
   * never past the first of its stays to go (each goes CHECKIN_RETENTION_DAYS after it ends): the
   * query names who was where and when, as that stay did, so it goes with it. Before, a query asked
   * on day 20 named a citizen until day 34, thirteen days after their stay was deleted.
   */
  private keepQueryMs(stays: readonly TracedStay[], now: number): number {
    let firstGone = Infinity;
    // The stays of the citizens it names: an unlinked walk-in's stay names nobody.
    for (const stay of stays) if (stay.citizenId !== null) firstGone = Math.min(firstGone, this.goesAt(stay));
    return Math.min(TRACING_LIMITS.queryKeepDays * DAY_MS, this.deps.checkinRetention.ms, firstGone - now);
  }

  /**
   * How long a query's edge stays are kept beside it: until the last of them goes (its end, as read,
   * and the retention: begun more than the retention ago, its end cannot move any more, since a
   * check-out that old is refused), not for the query's whole life: a query keeps no trace of a
   * stay the gateway has deleted.
   */
  private edgeKeepMs(edge: readonly { stay: TracedStay }[], now: number): number {
    let last = now;
    for (const { stay } of edge) last = Math.max(last, Date.parse(stay.out) + this.deps.checkinRetention.ms);
    return last - now;
  }

  /**
   * When a stay may go, at the earliest: CHECKIN_RETENTION_DAYS after the latest its end can still
   * be (an open stay may yet be cut short by a check-out). An open stay begun more than that ago
   * (a hotel guest who never checked out, at the retention's edge) may go at any moment: the query
   * names its citizen in its answer, and not among its contacts. Counted, it made the whole query
   * go at once: its contacts a 404 as it was answered (a hostile review).
   */
  private goesAt(stay: TracedStay): number {
    return Date.parse(settledEnd(stay)) + this.deps.checkinRetention.ms;
  }

  /**
   * The venues named, each known (else a reason at its pointer), with their children when asked, a
   * level at a time with the level's reads in parallel; undefined (and a reason) as soon as they pass
   * maxVenuesWithChildren, before another level is read.
   */
  private async readVenues(
    given: string[],
    withChildren: boolean,
    reasons: TracingReason[],
    signal: AbortSignal | undefined,
  ): Promise<string[] | undefined> {
    const named = await inBatches(given, (id) => this.deps.venues.getVenue(id), VENUE_READS_AT_ONCE);
    named.forEach((venue, i) => {
      if (!venue) reasons.push({ pointer: `/venues/${i}`, code: 'unknown-venue', message: 'names no venue the gateway holds' });
    });
    const found = new Set(given);
    let level = [...found];
    for (let depth = 0; withChildren && level.length > 0 && depth < TRACING_LIMITS.maxChildDepth; depth++) {
      inTime(signal);
      const listed = (
        await inBatches(
          level,
          async (parent) => (await this.deps.venues.childVenues(parent)).map((id) => ({ parent, id })),
          VENUE_READS_AT_ONCE,
        )
      )
        .flat()
        .filter(({ id }) => !found.has(id));
      // Counted as listed, before they are read: a listed id whose write failed counts too (rare, and on the safe side).
      if (found.size + new Set(listed.map(({ id }) => id)).size > TRACING_LIMITS.maxVenuesWithChildren) {
        reasons.push({
          pointer: '/includeChildVenues',
          code: 'too-many-venues',
          message: `the venues and their children are more than ${TRACING_LIMITS.maxVenuesWithChildren}: name fewer, or leave out child venues`,
        });
        return undefined;
      }
      const children = await inBatches(
        listed,
        async ({ parent, id }) => ((await this.deps.venues.getVenue(id))?.parentVenueId === parent ? id : undefined),
        VENUE_READS_AT_ONCE,
      );
      level = [];
      for (const id of children) {
        if (id === undefined || found.has(id)) continue;
        found.add(id);
        level.push(id);
      }
    }
    return [...found];
  }

  /**
   * Every venue's stays overlapping the window, as traced stays, one venue after another, each read
   * allowed only what is left of maxStays, so that a query never holds more than maxStays stays
   * (plus one page) whatever its venues: undefined past it.
   */
  private async readStays(
    venueIds: string[],
    window: TracingWindow,
    minOverlapMinutes: number,
    now: number,
    signal: AbortSignal | undefined,
  ): Promise<{ stays: TracedStay[]; idOf: Map<TracedStay, string> } | undefined> {
    const traced: TracedStay[] = [];
    // The stay id each traced stay came from: not in the answer, kept for the edge stays (atTheEdge).
    const idOf = new Map<TracedStay, string>();
    let read = 0;
    for (const venueId of venueIds) {
      inTime(signal);
      const left = TRACING_LIMITS.maxStays - read;
      const found = await this.deps.stays.venueStaysOverlapping(venueId, window.fromMs, window.toMs, left);
      read += found.stays.length;
      if (found.more || read > TRACING_LIMITS.maxStays) return undefined;
      for (const stay of found.stays) {
        const one = tracedStay(stay, window, minOverlapMinutes, now);
        if (!one) continue;
        traced.push(one);
        idOf.set(one, stay.stayId);
      }
    }
    return { stays: traced, idOf };
  }

  /**
   * The citizen ids of a contacts page: the query's next contactsPage after `after`, in order, and
   * whether more lie past them. A citizen the query found only by stays that may go at any moment (a
   * hotel's guest who never checked out) is one while one of those stays is still held, read in the
   * citizen's own copy of their stays (one read a citizen, 16 at once) as the page is filled, never
   * more than the page needs: such a guest is often the closest contact, and never named by a stay
   * the gateway has deleted. A page's ids are contacts' alone, so its `next` is always a contact's.
   */
  private async pageOf(query: StoredTracingQuery, after: string | undefined, signal: AbortSignal | undefined) {
    const edge = new Map<string, string[]>();
    for (const { citizenId, stayId } of query.edgeStays ?? []) {
      const ids = edge.get(citizenId);
      if (ids) ids.push(stayId);
      else edge.set(citizenId, [stayId]);
    }
    const candidates = [...query.citizenIds, ...edge.keys()].sort().filter((id) => after === undefined || id > after);
    const page: string[] = [];
    let read = 0;
    while (page.length < TRACING_LIMITS.contactsPage && read < candidates.length) {
      inTime(signal);
      const chunk = candidates.slice(read, read + Math.min(16, TRACING_LIMITS.contactsPage - page.length));
      read += chunk.length;
      const held = await Promise.all(
        chunk.map(async (id) => {
          const stayIds = edge.get(id);
          return stayIds === undefined || (await this.deps.stays.heldByCitizen(id, stayIds)).includes(true);
        }),
      );
      chunk.forEach((id, n) => held[n] && page.push(id));
    }
    return { page, more: read < candidates.length };
  }

  /**
   * Who to call: the newest name written with its diacritics (as a checkpoint is shown it), and the
   * phones of the same records: anyone may send a record with someone's CCCD, another name and their
   * own phone, so a record disputed against the citizen's documents gives neither name nor phone.
   * When none of the newest records is undisputed (a flood of disputed ones), no name, and every
   * phone the citizen holds: learned from their undisputed records only, so still theirs, where the
   * newest records' would have left the tracer none to call.
   */
  private async contactOf(citizenId: string): Promise<Contact> {
    const [citizen, declarations] = await Promise.all([
      this.deps.store.getCitizen(citizenId),
      this.deps.store.latestDeclarations(citizenId, 20),
    ]);
    const held = (citizen?.identifiers ?? []).filter((i) => i.system === 'phone').map((i) => i.value);
    const agreeing = undisputed(declarations);
    const phones =
      agreeing.length === 0
        ? held
        : agreeing
            .flatMap((d) => d.subject.identifiers ?? [])
            .filter((i) => i.system === 'phone' && held.includes(i.value))
            .map((i) => i.value);
    return { citizenId, fullName: personShown(declarations)?.fullName ?? null, phones: [...new Set(phones)] };
  }
}

/** The venues and window a kept query looked up, for its audit lines (none for a query kept before they were). */
function lookedUp(query: StoredTracingQuery | undefined): { venues?: string[]; from?: string; to?: string } {
  if (!query?.venues || !query.from || !query.to) return {};
  return { venues: query.venues, from: query.from, to: query.to };
}

/** Past the request's budget: the client has its 503 already, so nothing more is kept or recorded. */
function inTime(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DeadlineExceeded('the tracing call ran past its budget; nothing was kept or recorded');
}

/**
 * The window [from, to): each a time that exists (local time read as +07:00), from before to, at
 * most maxWindowDays long, from no earlier than 2020 and to no later than maxDaysAhead after now.
 */
/**
 * A query the schema refused, with what its window says too when `from` and `to` have their shape
 * (a query of no venues from 2019 is told both): every reason at once, each field judged once.
 */
function withWindowReasons(reasons: TracingReason[], body: unknown, now: number): TracingReason[] {
  const [from, to] = [unjudgedText(body, 'from', reasons), unjudgedText(body, 'to', reasons)];
  if (from === undefined || to === undefined) return reasons;
  const windowReasons: TracingReason[] = [];
  readWindow(from, to, now, windowReasons);
  return [...reasons, ...windowReasons];
}

function readWindow(from: string, to: string, now: number, reasons: TracingReason[]): TracingWindow | undefined {
  const start = parseDateTime(from);
  const end = parseDateTime(to);
  if (!start.ok) reasons.push({ pointer: '/from', code: 'invalid-date', message: start.message });
  if (!end.ok) reasons.push({ pointer: '/to', code: 'invalid-date', message: end.message });
  if (!start.ok || !end.ok) return undefined;
  const window = { fromMs: Date.parse(start.value), toMs: Date.parse(end.value) };
  if (window.toMs <= window.fromMs) reasons.push({ pointer: '/to', code: 'invalid-window', message: 'must be later than from' });
  else if (window.toMs - window.fromMs > TRACING_LIMITS.maxWindowDays * DAY_MS)
    reasons.push({ pointer: '/to', code: 'window-too-long', message: `must be at most ${TRACING_LIMITS.maxWindowDays} days after from` });
  if (window.fromMs < TRACING_LIMITS.earliest)
    reasons.push({ pointer: '/from', code: 'invalid-date', message: 'is before 2020, when no venue had a QR: check the year' });
  if (window.toMs > now + TRACING_LIMITS.maxDaysAhead * DAY_MS)
    reasons.push({
      pointer: '/to',
      code: 'invalid-date',
      message: `is more than ${TRACING_LIMITS.maxDaysAhead} days ahead: check the year`,
    });
  return window;
}

/**
 * What the caller asked, as stated, for the audit log: the purpose, the case, the venues named and
 * the window, so that the trail says what was looked up; bounded text only, whatever was sent.
 */
function stated(body: unknown): { purpose?: string; caseRef?: string; venues?: string[]; from?: string; to?: string } {
  const { purpose, caseRef, venues, from, to } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (value: unknown, max = 120) => (typeof value === 'string' && value.length <= max ? value : undefined);
  const ids =
    Array.isArray(venues) && venues.length <= TRACING_LIMITS.maxVenues && venues.every((v) => text(v, 64) !== undefined)
      ? (venues as string[])
      : undefined;
  const given = { purpose: text(purpose), caseRef: text(caseRef), venues: ids, from: text(from, 40), to: text(to, 40) };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

/** A purpose as a metric label: one of the two, or `other` (a refused one: never the text itself). */
function knownPurpose(purpose: string | undefined): TracingPurpose | 'other' {
  return purpose === 'contact-tracing' || purpose === 'outbreak-investigation' ? purpose : 'other';
}

/**
 * The stays by start, then venue id: each start parsed once. A comparator that parsed both starts
 * (1.7 million comparisons for 100,000 stays) held the event loop for a second and more.
 */
function byStart(stays: TracedStay[]): TracedStay[] {
  const keyed = stays.map((stay) => ({ stay, at: Date.parse(stay.in) }));
  keyed.sort((a, b) => a.at - b.at || (a.stay.venueId < b.stay.venueId ? -1 : a.stay.venueId > b.stay.venueId ? 1 : 0));
  return keyed.map(({ stay }) => stay);
}

/** Edge stays kept a citizen, at most: those begun last, which go last (one held is enough to name them). */
const EDGE_STAYS_PER_CITIZEN = 8;

/**
 * The stays that may go at any moment of citizens none of whose other stays keeps the query
 * (`lasting`): at most EDGE_STAYS_PER_CITIZEN of each (`stays` oldest first: the last ones), by citizen.
 */
function atTheEdge(stays: TracedStay[], lasting: ReadonlySet<string>): { citizenId: string; venueId: string; stay: TracedStay }[] {
  const byCitizen = new Map<string, TracedStay[]>();
  for (const stay of stays) {
    if (stay.citizenId === null || lasting.has(stay.citizenId)) continue;
    const kept = byCitizen.get(stay.citizenId) ?? [];
    if (kept.length === 0) byCitizen.set(stay.citizenId, kept);
    kept.push(stay);
    if (kept.length > EDGE_STAYS_PER_CITIZEN) kept.shift();
  }
  return [...byCitizen.keys()]
    .sort()
    .flatMap((citizenId) => (byCitizen.get(citizenId) as TracedStay[]).map((stay) => ({ citizenId, venueId: stay.venueId, stay })));
}

/** The linked citizens of these stays, each once, sorted (as a query keeps them, for its contacts' pages). */
function distinctCitizens(stays: TracedStay[]): string[] {
  const ids = new Set<string>();
  for (const { citizenId } of stays) if (citizenId) ids.add(citizenId);
  return [...ids].sort();
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 16): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}
