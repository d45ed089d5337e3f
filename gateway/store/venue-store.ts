import type { Venue } from '../domain/venue';
import type { RedisCommands } from './redis-connection';
import { redisCall } from './redis-failures';
import { StoreFull } from './store-errors';

/**
 * Where venues are kept. Beside GatewayStore rather than in it: a venue is not personal data and
 * has no retention, and nothing of a citizen's write touches it. Two implementations keep the same
 * contract (test/store/venue-store-contract.ts): Redis (single node or cluster) and in memory.
 */
export interface VenueStore {
  /** Stores a new venue unless its id is taken; false when it is (the caller draws another id). Atomic. */
  addVenue(venue: Venue): Promise<boolean>;
  getVenue(venueId: string): Promise<Venue | undefined>;
  /**
   * The ids of the venues registered with this one as their parent (its floors or wards), in no
   * order. An id may name a venue not stored (its write failed after it was listed): read each and
   * check its parent.
   */
  childVenues(parentVenueId: string): Promise<string[]>;
}

/** The sandbox's venues: bounded, past `maxVenues` a write fails with StoreFull (a 503). */
export class MemoryVenueStore implements VenueStore {
  private readonly venues = new Map<string, Venue>();
  private readonly children = new Map<string, Set<string>>();

  constructor(private readonly maxVenues = 100_000) {}

  async addVenue(venue: Venue): Promise<boolean> {
    if (this.venues.has(venue.venueId)) return false;
    if (this.venues.size >= this.maxVenues) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxVenues} venues`);
    this.venues.set(venue.venueId, structuredClone(venue));
    if (venue.parentVenueId) {
      const siblings = this.children.get(venue.parentVenueId) ?? new Set<string>();
      this.children.set(venue.parentVenueId, siblings.add(venue.venueId));
    }
    return true;
  }

  async childVenues(parentVenueId: string): Promise<string[]> {
    return [...(this.children.get(parentVenueId) ?? [])];
  }

  async getVenue(venueId: string): Promise<Venue | undefined> {
    const venue = this.venues.get(venueId);
    return venue && structuredClone(venue);
  }
}

/**
 * Venues in Redis, beside the layout of redis-store.ts (prefix `vnhc:` by default):
 *
 *   ven:{venueId}                string  the venue's JSON; never expires (a venue is not personal data)
 *   ven:{venueId}:children       set     the ids of the venues registered with it as their parent
 *
 * The `{venueId}` hash tag puts every key of one venue in one slot: the check-ins and stays of a
 * venue will live under it too, so that a venue's writes stay on one cluster node.
 */
export class RedisVenueStore implements VenueStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  addVenue(venue: Venue): Promise<boolean> {
    const json = JSON.stringify(venue);
    return redisCall(async () => {
      // Listed under its parent first (another slot): a venue stored is always found from its parent;
      // a listed id whose write then failed or lost its id names no child, and readers check the parent.
      if (venue.parentVenueId) await this.redis.sAdd(this.childrenKey(venue.parentVenueId), venue.venueId);
      return (await this.redis.set(this.key(venue.venueId), json, { NX: true })) === 'OK';
    });
  }

  childVenues(parentVenueId: string): Promise<string[]> {
    return redisCall(() => this.redis.sMembers(this.childrenKey(parentVenueId)));
  }

  private childrenKey(parentVenueId: string): string {
    return `${this.key(parentVenueId)}:children`;
  }

  getVenue(venueId: string): Promise<Venue | undefined> {
    return redisCall(async () => {
      const json = await this.redis.get(this.key(venueId));
      return json === null ? undefined : (JSON.parse(json) as Venue);
    });
  }

  private key(venueId: string): string {
    return `${this.prefix}ven:{${venueId}}`;
  }
}
