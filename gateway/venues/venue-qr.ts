import schema from '../../schemas/venue.v1.schema.json';
import type { QrCheckFailure, UnifiedQr } from '../qr/unified-qr';
import type { VenueStore } from '../store/venue-store';

/** The prefix of a venue's QR: `VNVN1:` then a compact JWS (ES256), signed with the citizen QR's keys. */
export const VENUE_QR_PREFIX = 'VNVN1:';

const VENUE_ID = new RegExp(schema.$defs.VenueId.pattern);

/** Why a venue code is refused: offline (shape, key, signature), or against the store. */
export type VenueQrInvalidReason = Exclude<QrCheckFailure, 'retired-key'> | 'unknown-venue' | 'not-issued';

export type VenueQrStatus = { status: 'valid'; venueId: string; version: number } | { status: 'invalid'; reason: VenueQrInvalidReason };

/**
 * Signs venue codes with the same keys as the unified citizen QR (one JWKS for every code the
 * gateway issues). The payload is exactly `{ sub, v, name }`: the venue id, the code's version and
 * the venue's public display name, the one a poster prints; a venue is not a person, and nothing
 * about who registered it or who checks in travels in its code.
 */
export class VenueQr {
  constructor(private readonly qr: UnifiedQr) {}

  issue(venueId: string, name: string, version = 1): string {
    return this.qr.signCode(VENUE_QR_PREFIX, { sub: venueId, v: version, name }).text;
  }

  /** The venue a code names, checked offline only: its shape, key id and signature. */
  read(text: string): { ok: true; venueId: string; version: number } | { ok: false; reason: Exclude<QrCheckFailure, 'retired-key'> } {
    const signed = this.qr.verifyCode(VENUE_QR_PREFIX, text);
    if (!signed.ok) return signed;
    const { sub, v, name } = signed.payload;
    if (typeof sub !== 'string' || !VENUE_ID.test(sub) || !Number.isSafeInteger(v) || (v as number) < 1 || typeof name !== 'string')
      return { ok: false, reason: 'malformed' };
    return { ok: true, venueId: sub, version: v as number };
  }
}

/**
 * What a scanned venue code is worth (the check-in step asks this of every venue code): valid only
 * when it is, exactly, the code the gateway issued to a venue it holds. A code signed with a
 * published key's private half for a venue never registered is `unknown-venue`; any other text for
 * a registered venue (another signature, a high-S twin, another version) is `not-issued`, so that
 * a poster has one valid text, as a citizen's code has.
 */
export async function checkVenueQr(text: string, venueQr: VenueQr, venues: VenueStore): Promise<VenueQrStatus> {
  const read = venueQr.read(text);
  if (!read.ok) return { status: 'invalid', reason: read.reason };
  const venue = await venues.getVenue(read.venueId);
  if (!venue) return { status: 'invalid', reason: 'unknown-venue' };
  if (text.trim() !== venue.qr) return { status: 'invalid', reason: 'not-issued' };
  return { status: 'valid', venueId: venue.venueId, version: read.version };
}
