import { randomBytes } from 'node:crypto';
import { schemaReasons } from '../../adapters';
import schema from '../../schemas/tracing.v1.schema.json';
import type { StoredStay } from '../domain/checkin';
import type { Retention } from '../domain/retention';
import { compileSchema } from '../domain/schema-compiler';
import type { Contact, StoredTracingQuery, TracedStay, TracingAnswer, TracingPurpose, TracingQuery } from '../domain/tracing';
import { formatIct, parseDateTime } from '../normalize/dates';
import type { AuditLog } from '../operations/audit-log';
import type { GatewayEvents } from '../operations/gateway-events';
import type { GatewayStore } from '../store/gateway-store';
import type { StayStore } from '../store/stay-store';
import type { TracingQueryStore } from '../store/tracing-query-store';
import type { VenueStore } from '../store/venue-store';
import { personShown } from '../verify/checkpoint-person';
import { MAX_VENUE_DEPTH } from '../venues/venue-registration';
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
} as const;

/** Why a query was refused: the field at fault (its JSON pointer), a stable code, and what to change. */
export interface TracingReason {
  pointer: string;
  code: string;
  message: string;
}

/** Venues read at once. */
const READS_AT_ONCE = 8;

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
}

export type QueryOutcome = { ok: true; answer: TracingAnswer } | { ok: false; reasons: TracingReason[] };

/** A query's contacts: what was asked, and who to call. */
export interface QueryContacts {
  query: StoredTracingQuery;
  contacts: Contact[];
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
    const outcome = await this.answer(body, caller);
    const given = stated(body);
    const purpose = outcome.ok ? (given.purpose as TracingPurpose) : undefined;
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
  async contacts(queryId: string, caller: TracingCaller): Promise<QueryContacts | undefined> {
    const query = QUERY_ID.test(queryId) ? await this.deps.queries.getQuery(queryId) : undefined;
    const mine = query?.askedBy === caller.subject ? query : undefined;
    const contacts = mine ? await inBatches(mine.citizenIds, (id) => this.contactOf(id)) : [];
    await this.deps.audit.append({
      at: formatIct(this.deps.clock()),
      actor: caller.subject,
      action: mine ? 'tracing-contacts' : 'tracing-contacts-refused',
      ...(query ? { purpose: query.purpose, caseRef: query.caseRef, queryId } : {}),
      citizens: contacts.length,
      requestId: caller.requestId,
    });
    this.deps.events?.emit('tracing-contacts', { result: mine ? 'answered' : 'not-found' });
    return mine && { query: mine, contacts };
  }

  private async answer(body: unknown, caller: TracingCaller): Promise<QueryOutcome> {
    if (!validateQuery(body)) return { ok: false, reasons: schemaReasons(validateQuery.errors) };
    const reasons: TracingReason[] = [];
    const window = readWindow(body.from, body.to, reasons);
    const venueIds = await this.readVenues(body.venues, body.includeChildVenues ?? true, reasons);
    if (!window || !venueIds || reasons.length > 0) return { ok: false, reasons };
    const now = this.deps.clock().getTime();
    const read = await this.readStays(venueIds, window);
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
    const stays = read
      .map((stay) => tracedStay(stay, window, body.minOverlapMinutes ?? 0, now))
      .filter((stay): stay is TracedStay => stay !== undefined)
      .sort((a, b) => Date.parse(a.in) - Date.parse(b.in) || a.venueId.localeCompare(b.venueId));
    const citizenIds = [...new Set(stays.flatMap((s) => (s.citizenId ? [s.citizenId] : [])))].sort();
    const queryId = `trq_${randomBytes(16).toString('base64url')}`;
    await this.deps.queries.putQuery(
      { queryId, askedBy: caller.subject, purpose: body.purpose, caseRef: body.caseRef, askedAt: formatIct(now), citizenIds },
      Math.min(TRACING_LIMITS.queryKeepDays * DAY_MS, this.deps.checkinRetention.ms),
    );
    return { ok: true, answer: { queryId, citizens: citizenIds.length, stays } };
  }

  /** The venues named, each known (else a reason at its pointer), with their children when asked; undefined past the bounds. */
  private async readVenues(given: string[], withChildren: boolean, reasons: TracingReason[]): Promise<string[] | undefined> {
    const named = await Promise.all(given.map((id) => this.deps.venues.getVenue(id)));
    named.forEach((venue, i) => {
      if (!venue) reasons.push({ pointer: `/venues/${i}`, code: 'unknown-venue', message: 'names no venue the gateway holds' });
    });
    const found = new Set(given);
    let level = [...found];
    for (let depth = 0; withChildren && level.length > 0 && depth < TRACING_LIMITS.maxChildDepth; depth++) {
      const next: string[] = [];
      for (const parent of level) {
        for (const childId of await this.deps.venues.childVenues(parent)) {
          if (found.has(childId) || (await this.deps.venues.getVenue(childId))?.parentVenueId !== parent) continue;
          found.add(childId);
          next.push(childId);
        }
      }
      if (found.size > TRACING_LIMITS.maxVenuesWithChildren) {
        reasons.push({
          pointer: '/includeChildVenues',
          code: 'too-many-venues',
          message: `the venues and their children are more than ${TRACING_LIMITS.maxVenuesWithChildren}: name fewer, or leave out child venues`,
        });
        return undefined;
      }
      level = next;
    }
    return [...found];
  }

  /** Every venue's stays overlapping the window, a few venues at once; undefined past maxStays in all. */
  private async readStays(venueIds: string[], window: TracingWindow): Promise<StoredStay[] | undefined> {
    const all: StoredStay[] = [];
    for (let i = 0; i < venueIds.length; i += READS_AT_ONCE) {
      const left = TRACING_LIMITS.maxStays - all.length;
      const reads = await Promise.all(
        venueIds.slice(i, i + READS_AT_ONCE).map((id) => this.deps.stays.venueStaysOverlapping(id, window.fromMs, window.toMs, left)),
      );
      for (const read of reads) all.push(...read.stays);
      if (reads.some((r) => r.more) || all.length > TRACING_LIMITS.maxStays) return undefined;
    }
    return all;
  }

  /** Who to call: the newest name written with its diacritics (as a checkpoint is shown it), and every phone the citizen holds. */
  private async contactOf(citizenId: string): Promise<Contact> {
    const [citizen, declarations] = await Promise.all([
      this.deps.store.getCitizen(citizenId),
      this.deps.store.latestDeclarations(citizenId, 20),
    ]);
    const phones = (citizen?.identifiers ?? []).filter((i) => i.system === 'phone').map((i) => i.value);
    return { citizenId, fullName: personShown(declarations)?.fullName ?? null, phones: [...new Set(phones)] };
  }
}

/** The window [from, to): each a time that exists (local time read as +07:00), from before to, at most maxWindowDays long. */
function readWindow(from: string, to: string, reasons: TracingReason[]): TracingWindow | undefined {
  const start = parseDateTime(from);
  const end = parseDateTime(to);
  if (!start.ok) reasons.push({ pointer: '/from', code: 'invalid-date', message: start.message });
  if (!end.ok) reasons.push({ pointer: '/to', code: 'invalid-date', message: end.message });
  if (!start.ok || !end.ok) return undefined;
  const window = { fromMs: Date.parse(start.value), toMs: Date.parse(end.value) };
  if (window.toMs <= window.fromMs) reasons.push({ pointer: '/to', code: 'invalid-window', message: 'must be later than from' });
  else if (window.toMs - window.fromMs > TRACING_LIMITS.maxWindowDays * DAY_MS)
    reasons.push({ pointer: '/to', code: 'window-too-long', message: `must be at most ${TRACING_LIMITS.maxWindowDays} days after from` });
  return window;
}

/** The purpose and case reference as the caller stated them, for the audit log: bounded text only, whatever was sent. */
function stated(body: unknown): { purpose?: string; caseRef?: string } {
  const { purpose, caseRef } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 120 ? value : undefined);
  return Object.fromEntries(Object.entries({ purpose: text(purpose), caseRef: text(caseRef) }).filter(([, v]) => v !== undefined));
}

/** A purpose as a metric label: one of the two, or `other` (a refused one: never the text itself). */
function knownPurpose(purpose: string | undefined): TracingPurpose | 'other' {
  return purpose === 'contact-tracing' || purpose === 'outbreak-investigation' ? purpose : 'other';
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 16): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}
