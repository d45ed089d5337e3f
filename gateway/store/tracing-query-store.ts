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
  putQuery(query: StoredTracingQuery, keepForMs: number): Promise<void>;
  /** The query, or undefined when unknown or expired. */
  getQuery(queryId: string): Promise<StoredTracingQuery | undefined>;
}

/** The sandbox's queries: expired ones skipped on read and swept on write; past `maxQueries` live, StoreFull (a 503). */
export class MemoryTracingQueryStore implements TracingQueryStore {
  private readonly queries = new Map<string, { query: StoredTracingQuery; expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxQueries = 10_000,
  ) {}

  async putQuery(query: StoredTracingQuery, keepForMs: number): Promise<void> {
    const now = this.now();
    for (const [id, kept] of this.queries) if (kept.expiresAt <= now) this.queries.delete(id);
    if (this.queries.size >= this.maxQueries)
      throw new StoreFull(`the in-memory store holds its maximum of ${this.maxQueries} tracing queries`);
    this.queries.set(query.queryId, { query: structuredClone(query), expiresAt: now + keepForMs });
  }

  async getQuery(queryId: string): Promise<StoredTracingQuery | undefined> {
    const kept = this.queries.get(queryId);
    return kept && kept.expiresAt > this.now() ? structuredClone(kept.query) : undefined;
  }
}

/**
 * Tracing queries in Redis (prefix `vnhc:` by default):
 *
 *   trq:{queryId}    string  the query's JSON (ids only); PX its time to live
 */
export class RedisTracingQueryStore implements TracingQueryStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  putQuery(query: StoredTracingQuery, keepForMs: number): Promise<void> {
    return redisCall(async () => {
      await this.redis.set(this.key(query.queryId), JSON.stringify(query), {
        expiration: { type: 'PX', value: pxFor(keepForMs) },
      });
    });
  }

  getQuery(queryId: string): Promise<StoredTracingQuery | undefined> {
    return redisCall(async () => {
      const json = await this.redis.get(this.key(queryId));
      return json === null ? undefined : (JSON.parse(json) as StoredTracingQuery);
    });
  }

  private key(queryId: string): string {
    return `${this.prefix}trq:{${queryId}}`;
  }
}
