/* Generated from schemas/exposure-notice.v1.schema.json by `npm run gen:types`. Do not edit:
 * change the schema and regenerate; a test fails when this file and the schema disagree. */

/**
 * `ntc_` and 16 bytes (base64url): opaque; random, or, for a request with an Idempotency-Key, a hash of its caller and key (the same for its retries), never guessable from another notice's id.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeId".
 */
export type NoticeId = string;
/**
 * pending: issued, not yet approved, never counts; active: approved by a second person, counts at checkpoints; withdrawn: ended, counts no more.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeStatus".
 */
export type NoticeStatus = 'pending' | 'active' | 'withdrawn';
/**
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "VenueId".
 */
export type VenueId = string;
/**
 * RFC 3339 at +07:00.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "IctTime".
 */
export type IctTime = string;
/**
 * close-contact: a person who was there is red at a checkpoint; monitor: yellow.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeLevel".
 */
export type NoticeLevel = 'close-contact' | 'monitor';
/**
 * What the authority tells the people concerned, stored cleaned (NFC, single-spaced, no invisible characters).
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeMessage".
 */
export type NoticeMessage = string;
/**
 * The case file the notice belongs to.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "CaseRef".
 */
export type CaseRef = string;
/**
 * The subject of the access token that acted (an officer's account, not a citizen).
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "TokenSubject".
 */
export type TokenSubject = string;

/**
 * An exposure notice as the gateway keeps and answers it: "everyone at these venues within this window", which counts at checkpoints only while active (approved by a second person, not withdrawn). This file is the source of truth for the notice and the body that issues one (POST /v1/exposure-notices): gateway/domain/exposure-notice.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
 */
export interface ExposureNotice {
  noticeId: NoticeId;
  status: NoticeStatus;
  /**
   * The venues named, each with its public display name; a notice on a venue covers the venues registered under it (a floor, a ward).
   *
   * @minItems 1
   * @maxItems 20
   */
  venues: {
    venueId: VenueId;
    name: string;
  }[];
  from: IctTime;
  to: IctTime;
  level: NoticeLevel;
  message: NoticeMessage;
  caseRef: CaseRef;
  issuedBy: TokenSubject;
  issuedAt: IctTime;
  approvedBy?: TokenSubject;
  approvedAt?: IctTime;
  withdrawnBy?: TokenSubject;
  withdrawnAt?: IctTime;
}
/**
 * POST /v1/exposure-notices: `from` and `to` RFC 3339, or a local time without offset read as +07:00; the window is half-open [from, to).
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeRequest".
 */
export interface NoticeRequest {
  /**
   * @minItems 1
   * @maxItems 20
   */
  venues: VenueId[];
  from: string;
  to: string;
  level: NoticeLevel;
  message: NoticeMessage;
  caseRef: CaseRef;
}
/**
 * GET /v1/exposure-notices: newest first; `next`, when present, is the `after` of the next page.
 *
 * This interface was referenced by `ExposureNotice`'s JSON-Schema
 * via the `definition` "NoticeList".
 */
export interface NoticeList {
  /**
   * @maxItems 100
   */
  notices: ExposureNotice[];
  next?: string;
}
