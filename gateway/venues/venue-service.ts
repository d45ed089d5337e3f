import { randomBytes } from 'node:crypto';
import type { Venue } from '../domain/venue';
import { describeErrors } from '../domain/canonical-schema';
import { formatIct } from '../normalize/dates';
import type { VenueStore } from '../store/venue-store';
import { checkVenueQr, type VenueQr, type VenueQrStatus } from './venue-qr';
import { readVenueRegistration, validateVenue } from './venue-registration';
import type { RefusalReason } from '../../adapters';

export interface VenueServiceDependencies {
  venues: VenueStore;
  venueQr: VenueQr;
  clock: () => Date;
}

export type Registered = { ok: true; venue: Venue } | { ok: false; reasons: RefusalReason[] };

/** How many fresh ids a registration draws before it gives up: one taken id in 2^128 is already a defect. */
const ID_ATTEMPTS = 3;

/** Venues: registration (normalised, checked, given an id and a signed QR), reading, and their codes' worth. */
export class VenueService {
  constructor(private readonly deps: VenueServiceDependencies) {}

  /** Registers a venue, or answers every reason it cannot be; nothing is stored for a refused one. */
  async register(body: unknown): Promise<Registered> {
    const now = this.deps.clock();
    const read = await readVenueRegistration(body, now, async (id) => (await this.deps.venues.getVenue(id)) !== undefined);
    if (!read.ok) return read;
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const venueId = newVenueId();
      const venue: Venue = { venueId, ...read.draft, qr: this.deps.venueQr.issue(venueId, read.draft.name), createdAt: formatIct(now) };
      if (!validateVenue(venue)) throw new Error(`a registered venue fails its schema: ${describeErrors(validateVenue.errors).join('; ')}`);
      if (await this.deps.venues.addVenue(venue)) return { ok: true, venue };
    }
    throw new Error(`${ID_ATTEMPTS} random venue ids in a row were taken`);
  }

  get(venueId: string): Promise<Venue | undefined> {
    return this.deps.venues.getVenue(venueId);
  }

  /** What a scanned venue code is worth: see checkVenueQr. */
  checkVenueQr(text: string): Promise<VenueQrStatus> {
    return checkVenueQr(text, this.deps.venueQr, this.deps.venues);
  }
}

/** `ven_` + 16 random bytes (base64url): opaque, and not guessable from another venue's id. */
function newVenueId(): string {
  return `ven_${randomBytes(16).toString('base64url')}`;
}
