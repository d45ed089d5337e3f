/* Generated from schemas/tracing.v1.schema.json by `npm run gen:types`. Do not edit:
 * change the schema and regenerate; a test fails when this file and the schema disagree. */

/**
 * Why the query is asked: the only two purposes the data was collected for. Anything else (law enforcement, say) is refused.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "TracingPurpose".
 */
export type TracingPurpose = 'contact-tracing' | 'outbreak-investigation';
/**
 * The case file the query serves, as the health authority numbers it: printable text, recorded in the audit log.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "CaseRef".
 */
export type CaseRef = string;
/**
 * `trq_` and 22 base64url characters: opaque and random.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "QueryId".
 */
export type QueryId = string;

/**
 * A contact-tracing query (POST /v1/tracing/queries): who was at these venues in this window. This file is the source of truth for the query taken, its answer, the query as stored and the contacts answered: gateway/domain/tracing.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
 */
export interface TracingQuery {
  /**
   * The venues' ids: several at once (a hotel for three days, a flight, two villages). At most 50, before children are added.
   *
   * @minItems 1
   * @maxItems 50
   */
  venues: string[];
  /**
   * The window's start, included: RFC 3339, or a local time without offset read as +07:00.
   */
  from: string;
  /**
   * The window's end, excluded; at most 31 days after `from`.
   */
  to: string;
  /**
   * Whether a venue's floors or wards (its children, theirs, and so on) are queried with it. Default true.
   */
  includeChildVenues?: boolean;
  /**
   * Only stays overlapping the window at least this long. Default 0.
   */
  minOverlapMinutes?: number;
  purpose: TracingPurpose;
  caseRef: CaseRef;
}
/**
 * A stay that overlapped the window: no name, no number. `out` is when it ended as read now (an open stay ends at its start plus its default stay, or now if that is sooner); `overlapMinutes` the whole minutes it overlapped the window.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "TracedStay".
 */
export interface TracedStay {
  citizenId: string | null;
  venueId: string;
  in: string;
  out: string;
  outSource: 'manual' | 'next-checkin' | 'auto' | 'inferred';
  overlapMinutes: number;
}
/**
 * The answer to a query: its id (for the contacts), how many distinct citizens, and the stays, oldest first.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "TracingAnswer".
 */
export interface TracingAnswer {
  queryId: QueryId;
  citizens: number;
  stays: TracedStay[];
}
/**
 * A query as kept for its contacts: who asked (the token's subject), why, what was looked up (the venues and the window), and the citizens it found, sorted; never names or phones.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "StoredTracingQuery".
 */
export interface StoredTracingQuery {
  queryId: QueryId;
  askedBy: string;
  purpose: TracingPurpose;
  caseRef: CaseRef;
  askedAt: string;
  /**
   * The venues the query named (before children were added); absent only in a query kept before they were recorded.
   */
  venues?: string[];
  includeChildVenues?: boolean;
  /**
   * The window's start as read, +07:00.
   */
  from?: string;
  /**
   * The window's end as read, +07:00.
   */
  to?: string;
  citizenIds: string[];
  /**
   * Stays that may go at any moment (open, begun more than the check-in retention ago: a guest who never checked out) of citizens found by no other stay, at most 8 a citizen (those begun last, which go last): each such citizen is a contact only while one of these stays is still held, checked when the contacts are read. They do not shorten the query's life, and are kept apart from it only until the last of them can go.
   */
  edgeStays?: {
    citizenId: string;
    venueId: string;
    stayId: string;
  }[];
}
/**
 * Who to call: the newest full name written with diacritics (null when no declaration left names them) and every phone known, E.164.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "Contact".
 */
export interface Contact {
  citizenId: string;
  fullName: string | null;
  phones: string[];
}
/**
 * GET /v1/tracing/queries/{queryId}/contacts as JSON: a page of the query's citizens only, at most 1,000, by citizen id; `next`, when there are more, is the `after` of the next page.
 *
 * This interface was referenced by `TracingQuery`'s JSON-Schema
 * via the `definition` "Contacts".
 */
export interface Contacts {
  queryId: QueryId;
  caseRef: CaseRef;
  contacts: Contact[];
  next?: string;
}
