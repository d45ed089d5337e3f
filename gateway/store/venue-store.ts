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
}

/** The sandbox's venues: bounded, past `maxVenues` a write fails with StoreFull (a 503). */
export class MemoryVenueStore implements VenueStore {
  private readonly venues = new Map<string, Venue>();

  constructor(private readonly maxVenues = 100_000) {}

  async addVenue(venue: Venue): Promise<boolean> {
    if (this.venues.has(venue.venueId)) return false;
    if (this.venues.size >= this.maxVenues) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxVenues} venues`);
    this.venues.set(venue.venueId, structuredClone(venue));
    return true;
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
    return redisCall(async () => (await this.redis.set(this.key(venue.venueId), json, { NX: true })) === 'OK');
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
