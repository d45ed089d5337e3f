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
  /** Stores a new venue, and who registered it, unless its id is taken; false when it is (the caller draws another id). Atomic. */
  addVenue(venue: Venue, registeredBy?: string): Promise<boolean>;
  getVenue(venueId: string): Promise<Venue | undefined>;
  /**
   * The ids of the venues registered with this one as their parent (its floors or wards), in no
   * order. An id may name a venue not stored (its write failed after it was listed): read each and
   * check its parent.
   */
  childVenues(parentVenueId: string): Promise<string[]>;
  /**
   * Lists `childVenueId` under its parent unless the parent already lists `maxChildren` others; false
   * when it is full. Atomic, so that concurrent registrations never pass the bound together; called
   * before the child is stored (a stored child is always listed; a listed id may name no venue).
   */
  claimChild(parentVenueId: string, childVenueId: string, maxChildren: number): Promise<boolean>;
  /** Who registered the venue (the token's subject), kept beside it and never answered; undefined if unknown. */
  venueOwner(venueId: string): Promise<string | undefined>;
}

/** The sandbox's venues: bounded, past `maxVenues` a write fails with StoreFull (a 503). */
export class MemoryVenueStore implements VenueStore {
  private readonly venues = new Map<string, Venue>();
  private readonly children = new Map<string, Set<string>>();
  private readonly owners = new Map<string, string>();

  constructor(private readonly maxVenues = 100_000) {}

  async addVenue(venue: Venue, registeredBy?: string): Promise<boolean> {
    if (this.venues.has(venue.venueId)) return false;
    if (this.venues.size >= this.maxVenues) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxVenues} venues`);
    this.venues.set(venue.venueId, structuredClone(venue));
    if (registeredBy !== undefined) this.owners.set(venue.venueId, registeredBy);
    if (venue.parentVenueId) {
      const siblings = this.children.get(venue.parentVenueId) ?? new Set<string>();
      this.children.set(venue.parentVenueId, siblings.add(venue.venueId));
    }
    return true;
  }

  async claimChild(parentVenueId: string, childVenueId: string, maxChildren: number): Promise<boolean> {
    const siblings = this.children.get(parentVenueId) ?? new Set<string>();
    if (!siblings.has(childVenueId) && siblings.size >= maxChildren) return false;
    this.children.set(parentVenueId, siblings.add(childVenueId));
    return true;
  }

  async venueOwner(venueId: string): Promise<string | undefined> {
    return this.owners.get(venueId);
  }

  async childVenues(parentVenueId: string): Promise<string[]> {
    return [...(this.children.get(parentVenueId) ?? [])];
  }

  async getVenue(venueId: string): Promise<Venue | undefined> {
    const venue = this.venues.get(venueId);
    return venue && structuredClone(venue);
  }
}

/** The Redis command the venue store's scripts need beside RedisCommands. */
interface VenueScripts {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The venue and its owner in one step (one slot): a venue stored without its owner would take nobody's children. */
const ADD_VENUE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2]) end
return 1`;

/** A child listed under its parent only while the parent lists fewer than the bound (a retry of the same child passes). */
const CLAIM_CHILD = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1`;

/**
 * Venues in Redis, beside the layout of redis-store.ts (prefix `vnhc:` by default):
 *
 *   ven:{venueId}                string  the venue's JSON; never expires (a venue is not personal data)
 *   ven:{venueId}:children       set     the ids of the venues registered with it as their parent (bounded)
 *   ven:{venueId}:owner          string  who registered it (a token subject), written with the venue by one script
 *
 * The `{venueId}` hash tag puts every key of one venue in one slot: the check-ins and stays of a
 * venue will live under it too, so that a venue's writes stay on one cluster node.
 */
export class RedisVenueStore implements VenueStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  /** The client has EVAL (node-redis and its cluster both); RedisCommands lists the citizen store's commands only. */
  private get scripts(): VenueScripts {
    return this.redis as unknown as VenueScripts;
  }

  addVenue(venue: Venue, registeredBy?: string): Promise<boolean> {
    const json = JSON.stringify(venue);
    return redisCall(async () => {
      // Listed under its parent first (another slot): a venue stored is always found from its parent;
      // a listed id whose write then failed or lost its id names no child, and readers check the parent.
      if (venue.parentVenueId) await this.redis.sAdd(this.childrenKey(venue.parentVenueId), venue.venueId);
      const key = this.key(venue.venueId);
      const added = await this.scripts.eval(ADD_VENUE, { keys: [key, `${key}:owner`], arguments: [json, registeredBy ?? ''] });
      return added === 1;
    });
  }

  claimChild(parentVenueId: string, childVenueId: string, maxChildren: number): Promise<boolean> {
    return redisCall(
      async () =>
        (await this.scripts.eval(CLAIM_CHILD, {
          keys: [this.childrenKey(parentVenueId)],
          arguments: [childVenueId, String(maxChildren)],
        })) === 1,
    );
  }

  venueOwner(venueId: string): Promise<string | undefined> {
    return redisCall(async () => (await this.redis.get(`${this.key(venueId)}:owner`)) ?? undefined);
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
