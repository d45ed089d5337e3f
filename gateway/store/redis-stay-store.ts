import type { StoredStay } from '../domain/checkin';
import { redisCall } from './redis-failures';
import { earliestStartBefore, overlapsWindow, type Keep, type OverlappingStays, type RecordedCheckin, type StayStore } from './stay-store';

/**
 * The commands the stay store sends. The connection's client (single node or cluster) has them all;
 * they are named here rather than in RedisCommands so that this store's needs stay beside it.
 */
export interface StayCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { NX?: true; expiration?: { type: 'PX'; value: number } }): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  zAdd(key: string, members: { score: number; value: string }): Promise<number>;
  zRangeByScore(
    key: string,
    min: number | string,
    max: number | string,
    options?: { LIMIT: { offset: number; count: number } },
  ): Promise<string[]>;
  zRemRangeByScore(key: string, min: number | string, max: number | string): Promise<number>;
  pExpire(key: string, ms: number, mode?: 'NX' | 'GT'): Promise<number>;
}

/**
 * Check-ins and stays in Redis (prefix `vnhc:` by default):
 *
 *   chk:{h}                        string  the first answer to a check-in event (h: its keyed hash); PX its retention
 *   ven:{venueId}:stays            zset    stay ids by start time (ms); lives as long as its longest-kept stay
 *   ven:{venueId}:stay:{stayId}    string  the stay's JSON; PX its retention
 *   cst:{citizenId}:stays          zset    the same, for one citizen
 *   cst:{citizenId}:stay:{stayId}  string  the stay's JSON again, in the citizen's slot
 *
 * A venue's keys share its hash tag with the venue itself (ven:{venueId}), so a tracing query over
 * one venue is a range of one zset and one MGET on one node, costing the stays it returns; a
 * citizen's share the citizen's tag (the citizen store's slot). A stay is written to both slots, the
 * venue's first: two steps, each whole JSON keyed by the stay id, so a retry after a failure between
 * them writes the same thing again, and the check-in is answered only after both.
 */
export class RedisStayStore implements StayStore {
  constructor(
    private readonly redis: StayCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  getCheckin(eventKey: string): Promise<RecordedCheckin | undefined> {
    return redisCall(async () => parsed<RecordedCheckin>(await this.redis.get(this.checkinKey(eventKey))));
  }

  recordCheckin(eventKey: string, recorded: RecordedCheckin, keepForMs: number): Promise<{ first: boolean; recorded: RecordedCheckin }> {
    return redisCall(async () => {
      const key = this.checkinKey(eventKey);
      const set = await this.redis.set(key, JSON.stringify(recorded), { NX: true, expiration: { type: 'PX', value: keepMs(keepForMs) } });
      if (set === 'OK') return { first: true, recorded };
      // Taken a moment ago; gone again only if it expired in between, when this answer is as good as any.
      return { first: false, recorded: parsed<RecordedCheckin>(await this.redis.get(key)) ?? recorded };
    });
  }

  putStay(stay: StoredStay, keep: Keep): Promise<void> {
    return redisCall(async () => {
      await this.write(`${this.prefix}ven:{${stay.venueId}}`, stay, keep);
      if (stay.citizenId) await this.write(`${this.prefix}cst:{${stay.citizenId}}`, stay, keep);
    });
  }

  citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]> {
    return redisCall(async () => (await this.read(`${this.prefix}cst:{${citizenId}}`, fromMs, toMs)).reverse().slice(0, limit));
  }

  venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    return redisCall(() => this.read(`${this.prefix}ven:{${venueId}}`, fromMs, toMs));
  }

  /**
   * A tracing read of one venue: its index by start time, from just after `fromMs - MAX_STAY_MS` to
   * just before `toMs`, TRACING_PAGE ids at a time, each page one MGET on the venue's node. An id
   * met twice (the index shifted by a write between two pages) is taken once.
   */
  venueStaysOverlapping(venueId: string, fromMs: number, toMs: number, limit: number): Promise<OverlappingStays> {
    return redisCall(async () => {
      const base = `${this.prefix}ven:{${venueId}}`;
      const seen = new Set<string>();
      const stays: StoredStay[] = [];
      for (let offset = 0; ; offset += TRACING_PAGE) {
        const ids = await this.redis.zRangeByScore(`${base}:stays`, `(${earliestStartBefore(fromMs)}`, `(${toMs}`, {
          LIMIT: { offset, count: TRACING_PAGE },
        });
        const fresh = ids.filter((id) => !seen.has(id));
        for (const id of fresh) seen.add(id);
        const values = fresh.length > 0 ? await this.redis.mGet(fresh.map((id) => `${base}:stay:${id}`)) : [];
        for (const json of values) {
          const stay = json === null ? undefined : (JSON.parse(json) as StoredStay);
          if (!stay || !overlapsWindow(stay, fromMs, toMs)) continue;
          if (stays.length === limit) return { stays, more: true };
          stays.push(stay);
        }
        if (ids.length < TRACING_PAGE) return { stays, more: false };
      }
    });
  }

  /** One slot's share of a stay: its JSON, its place in the slot's index, and the index's expiry. */
  private async write(base: string, stay: StoredStay, { keepForMs, forgetBeforeMs }: Keep): Promise<void> {
    const ms = keepMs(keepForMs);
    const index = `${base}:stays`;
    await this.redis.set(`${base}:stay:${stay.stayId}`, JSON.stringify(stay), { expiration: { type: 'PX', value: ms } });
    await this.redis.zAdd(index, { score: Date.parse(stay.in), value: stay.stayId });
    await this.redis.zRemRangeByScore(index, '-inf', `(${forgetBeforeMs}`);
    // The index lives as long as its longest-kept stay: set when it has no expiry, lengthened otherwise.
    await this.redis.pExpire(index, ms, 'NX');
    await this.redis.pExpire(index, ms, 'GT');
  }

  /** Stays by start time, oldest first; an id whose stay has expired is skipped. */
  private async read(base: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    const ids = await this.redis.zRangeByScore(`${base}:stays`, fromMs, toMs);
    if (ids.length === 0) return [];
    const values = await this.redis.mGet(ids.map((id) => `${base}:stay:${id}`));
    return values.flatMap((json) => (json === null ? [] : [JSON.parse(json) as StoredStay]));
  }

  private checkinKey(eventKey: string): string {
    return `${this.prefix}chk:{${eventKey}}`;
  }
}

/** Stay ids read at once by a tracing read: one range and one MGET of this many on the venue's node. */
const TRACING_PAGE = 1000;

function parsed<T>(json: string | null): T | undefined {
  return json === null ? undefined : (JSON.parse(json) as T);
}

/** Redis refuses PX 0: a write due to expire at once is kept a millisecond. */
function keepMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
