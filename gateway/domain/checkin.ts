/* Generated from schemas/checkin.v1.schema.json by `npm run gen:types`. Do not edit:
 * change the schema and regenerate; a test fails when this file and the schema disagree. */

/**
 * `sty_` and 22 base64url characters, derived with the key-name secret from the event that made the stay, so that a retried write is the same stay.
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "StayId".
 */
export type StayId = string;
/**
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "VenueId".
 */
export type VenueId = string;
/**
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CitizenId".
 */
export type CitizenId = string;
/**
 * RFC 3339 at +07:00.
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "IctTime".
 */
export type IctTime = string;
/**
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinDirection".
 */
export type CheckinDirection = 'in' | 'out';
/**
 * self-scan: the citizen's app scanned the venue's code; staff-scan: a venue's device scanned the citizen's code.
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinMode".
 */
export type CheckinMode = 'self-scan' | 'staff-scan';

/**
 * A stay at a venue as the gateway answers it: when a person came (a check-in, or a check-out's inferred start) and when they left, with where that end came from, because a tracer weighs them differently. This file is the source of truth for the stay, the check-in event (POST /v1/checkins) and the stay as stored: gateway/domain/checkin.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
 */
export interface Stay {
  stayId: StayId;
  venueId: VenueId;
  /**
   * The citizen the subject was joined to; null when it identified nobody the gateway knows (stored unlinked).
   */
  citizenId: CitizenId | null;
  in: IctTime;
  out: IctTime;
  /**
   * manual: the matching check-out; next-checkin: the citizen's next event (a check-in, or a check-out) at another venue, or the start of the next stay a late check-in was fitted before; auto: never closed, so its start plus the venue's default stay (computed when read); inferred: a check-out without an open stay, which started a default stay earlier but never before the citizen's previous stay ended.
   */
  outSource: 'manual' | 'next-checkin' | 'auto' | 'inferred';
}
/**
 * Who checked in, by identifiers: resolved with the join rules, lookup only (a check-in never creates a citizen).
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinSubject".
 */
export interface CheckinSubject {
  fullName?: string;
  birthDate?: string;
  nationality?: string;
  /**
   * @minItems 1
   * @maxItems 10
   */
  identifiers: {
    system: 'vn-cccd' | 'vn-cmnd' | 'passport' | 'phone' | 'bluezone' | 'zalo' | 'ncovi';
    value: string;
  }[];
}
/**
 * What POST /v1/checkins takes (and each line of POST /v1/checkins:batch): the venue as its QR text or its id; `at` RFC 3339, or a local time without offset read as +07:00; the subject as a citizen QR text (the unified code or a platform's) or identifiers.
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinEvent".
 */
export interface CheckinEvent {
  venue: string;
  direction: CheckinDirection;
  at: string;
  subject: string | CheckinSubject;
  mode?: CheckinMode;
  /**
   * The platform instance that sent the event and its own id for it: the same pair again is a replay.
   */
  source?: {
    instance: string;
    eventId: string;
  };
}
/**
 * The answer to a check-in: the stay as it stands after this event (201 new, 200 a replay, the first answer).
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinAnswer".
 */
export interface CheckinAnswer {
  stay: CheckinStay;
}
/**
 * The stay a check-in answers, told only what the caller may know (a deliberate privacy rule, as the checkpoint's `person` rule is): `citizenId` only when the subject was the citizen's unified QR (signed, shown by its holder); otherwise `linked`, whether the subject joined a citizen, never who. Its times come from this event, or from stays the same caller (token subject) opened, or from any of the citizen's when the subject was a unified QR; never from another caller's events.
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "CheckinStay".
 */
export interface CheckinStay {
  stayId: StayId;
  venueId: VenueId;
  citizenId?: CitizenId;
  /**
   * Whether the subject joined a citizen: given instead of citizenId unless the subject was a unified QR.
   */
  linked?: boolean;
  in: IctTime;
  out: IctTime;
  /**
   * manual: the matching check-out; next-checkin: the citizen's next event (a check-in, or a check-out) at another venue, or the start of the next stay a late check-in was fitted before; auto: never closed, so its start plus the venue's default stay (computed when read); inferred: a check-out without an open stay, which started a default stay earlier but never before the citizen's previous stay ended.
   */
  outSource: 'manual' | 'next-checkin' | 'auto' | 'inferred';
}
/**
 * A stay as stored: `out` and `outSource` only once closed (manual, next-checkin, inferred); an open stay is read as ending at `in` plus `defaultStayMinutes`, the venue's default when it opened (auto).
 *
 * This interface was referenced by `Stay`'s JSON-Schema
 * via the `definition` "StoredStay".
 */
export interface StoredStay {
  stayId: StayId;
  venueId: VenueId;
  citizenId: CitizenId | null;
  in: IctTime;
  defaultStayMinutes: number;
  out?: IctTime;
  outSource?: 'manual' | 'next-checkin' | 'inferred';
  /**
   * A keyed hash of the token subject whose event made the stay: a check-out, or a check-in elsewhere, pairs with it only from the same caller or with the citizen's unified QR.
   */
  openedBy?: string;
}
