import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { idForRetries } from '../domain/retry-ids';
import type { Venue } from '../domain/venue';
import { describeErrors } from '../domain/canonical-schema';
import { formatIct } from '../normalize/dates';
import type { VenueStore } from '../store/venue-store';
import { checkVenueQr, type VenueQr, type VenueQrStatus } from './venue-qr';
import { MAX_CHILD_VENUES, MAX_VENUE_DEPTH, readVenueRegistration, validateVenue } from './venue-registration';
import type { RefusalReason } from '../../adapters';

export interface VenueServiceDependencies {
  venues: VenueStore;
  venueQr: VenueQr;
  clock: () => Date;
}

export type Registered = { ok: true; venue: Venue } | { ok: false; reasons: RefusalReason[] };

const FULL = `has ${MAX_CHILD_VENUES} venues under it already: register the venue under one of them`;

/** How many fresh ids a registration draws before it gives up: one taken id in 2^128 is already a defect. */
const ID_ATTEMPTS = 3;

/** Venues: registration (normalised, checked, given an id and a signed QR), reading, and their codes' worth. */
export class VenueService {
  constructor(private readonly deps: VenueServiceDependencies) {}

  /**
   * Registers a venue for `registeredBy` (the token's subject), or answers every reason it cannot be;
   * nothing is stored for a refused one. A floor or a ward goes only under a venue the same caller
   * registered, at most MAX_VENUE_DEPTH levels down and MAX_CHILD_VENUES to a parent: anyone else's
   * children would be read by every tracing query on the site, and enough of them would block it.
   */
  async register(body: unknown, registeredBy?: string, retryKey?: string): Promise<Registered> {
    const now = this.deps.clock();
    const read = await readVenueRegistration(body, now, (id) => this.parentRefusal(id, registeredBy));
    if (!read.ok) return read;
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      // A request with an Idempotency-Key first takes its retries' id (idForRetries).
      const venueId = attempt === 0 && retryKey !== undefined ? idForRetries('ven', retryKey) : newVenueId();
      const venue: Venue = { venueId, ...read.draft, qr: this.deps.venueQr.issue(venueId, read.draft.name), createdAt: formatIct(now) };
      if (!validateVenue(venue)) throw new Error(`a registered venue fails its schema: ${describeErrors(validateVenue.errors).join('; ')}`);
      if (venue.parentVenueId && !(await this.deps.venues.claimChild(venue.parentVenueId, venueId, MAX_CHILD_VENUES)))
        return { ok: false, reasons: [{ pointer: '/parentVenueId', code: 'not-allowed', message: FULL }] };
      if (await this.deps.venues.addVenue(venue, registeredBy)) return { ok: true, venue };
      const earlier = attempt === 0 && retryKey !== undefined ? await this.sameRegistration(venueId, read.draft, registeredBy) : undefined;
      if (earlier) return { ok: true, venue: earlier };
    }
    throw new Error(`${ID_ATTEMPTS} random venue ids in a row were taken`);
  }

  /** The venue stored under a retry's id when it is this caller's same registration: the retried request's own first write. */
  private async sameRegistration(venueId: string, draft: object, registeredBy: string | undefined): Promise<Venue | undefined> {
    const [stored, owner] = await Promise.all([this.deps.venues.getVenue(venueId), this.deps.venues.venueOwner(venueId)]);
    if (!stored || owner !== registeredBy) return undefined;
    const { venueId: _id, qr: _qr, createdAt: _at, ...registered } = stored;
    return isDeepStrictEqual(registered, draft) ? stored : undefined;
  }

  /** Why the caller may not register a venue under this one: unknown, another caller's, or already MAX_VENUE_DEPTH deep. */
  private async parentRefusal(parentVenueId: string, registeredBy: string | undefined): Promise<string | undefined> {
    const [parent, owner] = await Promise.all([this.deps.venues.getVenue(parentVenueId), this.deps.venues.venueOwner(parentVenueId)]);
    if (!parent) return 'names no venue: register the building or site first';
    if (owner === undefined || owner !== registeredBy)
      return 'names a venue registered by another caller: only its own registrant adds floors or wards to it';
    let depth = 1;
    for (let above = parent.parentVenueId; above !== undefined; depth++) {
      if (depth >= MAX_VENUE_DEPTH) return `is ${MAX_VENUE_DEPTH} levels deep already: register the venue under a venue higher up`;
      above = (await this.deps.venues.getVenue(above))?.parentVenueId;
    }
    return undefined;
  }

  get(venueId: string): Promise<Venue | undefined> {
    return this.deps.venues.getVenue(venueId);
  }

  /**
   * Whether `caller` registered this venue. Its floors and wards are its registrant's too: only the
   * registrant of a venue registers venues under it (parentRefusal).
   */
  async registeredBy(venueId: string, caller: string): Promise<boolean> {
    return (await this.deps.venues.venueOwner(venueId)) === caller;
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
