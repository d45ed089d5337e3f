/* Generated from schemas/venue.v1.schema.json by `npm run gen:types`. Do not edit:
 * change the schema and regenerate; a test fails when this file and the schema disagree. */

/**
 * Opaque: `ven_` and 16 bytes in base64url, random, or, for a request with an Idempotency-Key, a hash of its caller and key (the same for its retries).
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "VenueId".
 */
export type VenueId = string;
/**
 * permanent: a place that stays (an office, a market, a ward); temporary: a place for a while (a field hospital, an event); transport: one trip of one vehicle (flight VJ458 on 22/3).
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "VenueKind".
 */
export type VenueKind = 'permanent' | 'temporary' | 'transport';
/**
 * How long a check-in not followed by a check-out is taken to last.
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "StayMinutes".
 */
export type StayMinutes = number;
/**
 * At most 120 characters: the name travels in the venue's QR, which stays small enough to scan.
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "VenueName".
 */
export type VenueName = string;

/**
 * A venue as the gateway stores it and answers it: an office, a market, a hospital, a school, a shop, down to one floor or ward of a building (a venue with a parent), or a trip of a vehicle (a flight, a train). Not personal data. This file is the source of truth: gateway/domain/venue.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
 */
export interface Venue {
  venueId: VenueId;
  /**
   * The venue's public display name, NFC, single-spaced, without invisible characters: printed under its QR and carried in it.
   */
  name: string;
  kind: VenueKind;
  address: VenueAddress;
  /**
   * Opaque: `ven_` and 16 bytes in base64url, random, or, for a request with an Idempotency-Key, a hash of its caller and key (the same for its retries).
   */
  parentVenueId?: string;
  defaultStayMinutes: StayMinutes;
  transport?: Transport;
  /**
   * The venue's QR text: `VNVN1:` and a compact JWS (ES256).
   */
  qr: string;
  /**
   * RFC 3339 at +07:00.
   */
  createdAt: string;
}
/**
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "VenueAddress".
 */
export interface VenueAddress {
  /**
   * Two-digit provincial code in force 2004-2025 (reference/vn-provinces-2021.json).
   */
  provinceCode: string;
  district?: string;
  ward?: string;
  line?: string;
}
/**
 * For kind transport, and only for it: the vehicle, its number as written on the ticket (upper case) and the trip's local date.
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "Transport".
 */
export interface Transport {
  vehicle: 'plane' | 'train' | 'ship' | 'road';
  number: string;
  date: string;
}
/**
 * What POST /v1/venues takes. The province is given as a code or a name (with or without diacritics, NFC or NFD) and stored as its two-digit code; texts are stored NFC, single-spaced, without invisible characters.
 *
 * This interface was referenced by `Venue`'s JSON-Schema
 * via the `definition` "VenueRegistration".
 */
export interface VenueRegistration {
  name: VenueName;
  kind: VenueKind;
  address: {
    /**
     * A code (`79`, `079`), a number (`1`), or a name (`TP. Hồ Chí Minh`, `Ho Chi Minh`, `HCM`).
     */
    province: string | number;
    district?: string;
    ward?: string;
    line?: string;
  };
  parentVenueId?: VenueId;
  defaultStayMinutes?: StayMinutes;
  transport?: Transport;
}
