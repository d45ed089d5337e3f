import type { StoredTracingQuery } from '../domain/tracing';
import type { RedisCommands } from './redis-connection';
import { pxFor } from './redis-expiry';
import { redisCall } from './redis-failures';
import { StoreFull } from './store-errors';

/**
 * Where tracing queries are kept for their contacts: who asked, why, and the citizen ids found,
 * never names or phones (those are read from the citizens when the contacts are asked for). Each
 * expires by itself. Two implementations keep the same contract (test/store/tracing-query-store.test.ts).
 */
export interface TracingQueryStore {
  /**
   * Keeps a query for `keepForMs`; its `edgeStays` (stays that may go at any moment) apart, for
   * `edgeKeepForMs` at most: until the last of them can go, not for the query's whole life.
   */
  putQuery(query: StoredTracingQuery, keepForMs: number, edgeKeepForMs?: number): Promise<void>;
  /** The query, or undefined when unknown or expired. */
  getQuery(queryId: string): Promise<StoredTracingQuery | undefined>;
}

/** The sandbox's queries: expired ones skipped on read and swept on write; past `maxQueries` live, StoreFull (a 503). */
export class MemoryTracingQueryStore implements TracingQueryStore {
  private readonly queries = new Map<string, { query: StoredTracingQuery; expiresAt: number; edgeExpiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxQueries = 10_000,
  ) {}

  async putQuery(query: StoredTracingQuery, keepForMs: number, edgeKeepForMs?: number): Promise<void> {
    const now = this.now();
    for (const [id, kept] of this.queries) if (kept.expiresAt <= now) this.queries.delete(id);
    if (this.queries.size >= this.maxQueries)
      throw new StoreFull(`the in-memory store holds its maximum of ${this.maxQueries} tracing queries`);
    const edgeExpiresAt = now + edgeLife(query, keepForMs, edgeKeepForMs);
    this.queries.set(query.queryId, { query: structuredClone(query), expiresAt: now + keepForMs, edgeExpiresAt });
  }

  async getQuery(queryId: string): Promise<StoredTracingQuery | undefined> {
    const kept = this.queries.get(queryId);
    const now = this.now();
    if (!kept || kept.expiresAt <= now) return undefined;
    const { edgeStays, ...query } = structuredClone(kept.query);
    return kept.edgeExpiresAt > now && edgeStays ? { ...query, edgeStays } : query;
  }
}

/** How long a query's edge stays are kept beside it: until the last of them can go, never past the query. */
function edgeLife(query: StoredTracingQuery, keepForMs: number, edgeKeepForMs = keepForMs): number {
  return query.edgeStays ? Math.min(keepForMs, edgeKeepForMs) : 0;
}

/**
 * Tracing queries in Redis (prefix `vnhc:` by default):
 *
 *   trq:{queryId}       string  the query's JSON (ids only); PX its time to live
 *   trq:{queryId}:edge  string  its edge stays' JSON (citizen, venue and stay ids); PX until the last can go
 */
export class RedisTracingQueryStore implements TracingQueryStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  putQuery(query: StoredTracingQuery, keepForMs: number, edgeKeepForMs?: number): Promise<void> {
    const { edgeStays, ...kept } = query;
    const key = this.key(query.queryId);
    // Sent in one turn: one round trip.
    return redisCall(async () => {
      await Promise.all([
        this.redis.set(key, JSON.stringify(kept), { expiration: { type: 'PX', value: pxFor(keepForMs) } }),
        edgeStays &&
          this.redis.set(`${key}:edge`, JSON.stringify(edgeStays), {
            expiration: { type: 'PX', value: pxFor(edgeLife(query, keepForMs, edgeKeepForMs)) },
          }),
      ]);
    });
  }

  getQuery(queryId: string): Promise<StoredTracingQuery | undefined> {
    const key = this.key(queryId);
    return redisCall(async () => {
      // One slot (the query id's hash tag): one MGET.
      const [json, edge] = await this.redis.mGet([key, `${key}:edge`]);
      if (json === null || json === undefined) return undefined;
      const query = JSON.parse(json) as StoredTracingQuery;
      return edge ? { ...query, edgeStays: JSON.parse(edge) as StoredTracingQuery['edgeStays'] } : query;
    });
  }

  private key(queryId: string): string {
    return `${this.prefix}trq:{${queryId}}`;
  }
}
