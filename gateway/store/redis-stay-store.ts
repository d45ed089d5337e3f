import type { CheckinStay, StoredStay } from '../domain/checkin';
import { MAX_STAY_MS } from '../checkins/stays';
import { pxFor } from './redis-expiry';
import { redisCall } from './redis-failures';
import { SCRIPT_GUARD } from './redis-scripts';
import {
  earliestStartBefore,
  overlapsWindow,
  type CheckinClaim,
  type CitizenStays,
  type OverlappingStays,
  type RecordedCheckin,
  type RevStay,
  type StayStore,
  type StayWrite,
} from './stay-store';

/**
 * The commands the stay store sends. The connection's client (single node or cluster) has them all;
 * they are named here rather than in RedisCommands so that this store's needs stay beside it.
 */
export interface StayCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { NX?: true; expiration?: { type: 'PX'; value: number } }): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  zRangeByScore(
    key: string,
    min: number | string,
    max: number | string,
    options?: { LIMIT: { offset: number; count: number } },
  ): Promise<string[]>;
  zRange(
    key: string,
    start: number | string,
    stop: number | string,
    options: { BY: 'SCORE'; REV: true; LIMIT: { offset: number; count: number } },
  ): Promise<string[]>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * Lua, Redis >= 7.0. Every key a script touches shares one hash tag (a citizen's or a venue's), so
 * each runs on one node of a cluster, as one step; every key it writes gets its expiry in that step
 * (an index or a rev lives as long as the longest-kept stay it serves).
 */
const KEEP_LONGEST = `
local function keepLongest(key, ms)
  local left = redis.call('PTTL', key)
  if left < ms then redis.call('PEXPIRE', key, ms) end
end
local function putIndexed(index, key, id, score, json, keep, forget)
  redis.call('SET', key, json, 'PX', keep)
  redis.call('ZADD', index, score, id)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. forget)
  keepLongest(index, keep)
end
local function guard(ok, what)
  if not ok then error('${SCRIPT_GUARD} ' .. what .. ': bad inputs') end
end
`;

/**
 * KEYS: rev, index, then one key per stay. ARGV: expected rev, forgetBeforeMs, then per stay: id,
 * start (ms), JSON (its rev inside, the expected one plus one), keepForMs. A compare-and-set: when
 * the citizen's rev is no longer the one read, nothing is written and the rev held is returned as
 * {0, rev}; else every stay, the index and the rev in one step, {1, rev}.
 */
function writeCitizenScript(afterWrites: string): string {
  return `${KEEP_LONGEST}
guard(#KEYS >= 2 and #ARGV == 2 + 4 * (#KEYS - 2) and tonumber(ARGV[1]) and tonumber(ARGV[2]), 'writeCitizen')
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if held ~= tonumber(ARGV[1]) then return {0, held} end
local rev = held + 1
local longest = 1
for i = 3, #KEYS do
  local a = 3 + (i - 3) * 4
  local keep = tonumber(ARGV[a + 3])
  guard(tonumber(ARGV[a + 1]) and keep and keep >= 1, 'writeCitizen')
  putIndexed(KEYS[2], KEYS[i], ARGV[a], ARGV[a + 1], ARGV[a + 2], keep, ARGV[2])
  if keep > longest then longest = keep end
end
redis.call('SET', KEYS[1], rev, 'KEEPTTL')
keepLongest(KEYS[1], longest)
${afterWrites}return {1, rev}
`;
}

const WRITE_CITIZEN = writeCitizenScript('');

/**
 * WRITE_CITIZEN on a single Redis node (REDIS_URL): then it also cuts the citizen's index and rev
 * back after a write that shortened a stay, reading the stay keys that could outlast it. Not on a
 * cluster: those keys are not in KEYS, and a script naming a key of a slot being migrated is
 * refused, after its writes, which a script does not undo.
 */
const WRITE_CITIZEN_SINGLE_NODE =
  writeCitizenScript(`-- The index (and the rev) lists the stays: it lives as long as the longest-kept of them, and no longer. A write
-- that shortened a stay (a check-out cuts an open one short) would leave it the old end otherwise,
-- naming the citizen's stays up to a day past their deletion (hostile probe). Only stays begun at
-- most a stay's longest before the earliest written can outlast the written ones.
if #KEYS >= 3 and redis.call('PTTL', KEYS[2]) > longest then
  local earliest = math.huge
  for i = 3, #KEYS do earliest = math.min(earliest, tonumber(ARGV[3 + (i - 3) * 4 + 1])) end
  local prefix = string.sub(KEYS[3], 1, #KEYS[3] - #ARGV[3])
  local keep = longest
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], earliest - ${MAX_STAY_MS}, '+inf', 'BYSCORE')) do
    keep = math.max(keep, redis.call('PTTL', prefix .. id))
  end
  redis.call('PEXPIRE', KEYS[2], keep)
  redis.call('PEXPIRE', KEYS[1], keep)
end
`);

/**
 * KEYS: the citizen's index. ARGV: the highest start and the lowest (scores), the most stays, the
 * prefix of the citizen's stay keys. Newest first: the ids of the page and their stays, in one step
 * (a scan under a notice waits once for them, not for the ids then the stays). Single node only: it
 * reads stay keys it cannot name in KEYS, and on a cluster a slot being migrated would leave some of
 * them on the other node, silently missing from the answer, where an MGET is refused (TRYAGAIN).
 */
const CITIZEN_STAYS = `
if #KEYS ~= 1 or #ARGV ~= 4 or not tonumber(ARGV[3]) then error('${SCRIPT_GUARD} citizenStays: bad inputs') end
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[3])
local found = {}
for first = 1, #ids, 500 do
  local keys = {}
  for i = first, math.min(first + 499, #ids) do keys[#keys + 1] = ARGV[4] .. ids[i] end
  for _, json in ipairs(redis.call('MGET', unpack(keys))) do
    if json then found[#found + 1] = json end
  end
end
return found
`;

/** KEYS: index, stay. ARGV: id, start (ms), JSON, rev, keepForMs, forgetBeforeMs. Written only over a lower rev; 1 when written. */
const COPY_TO_VENUE = `${KEEP_LONGEST}
local rev = tonumber(ARGV[4])
local keep = tonumber(ARGV[5])
guard(#KEYS == 2 and rev and keep and keep >= 1 and tonumber(ARGV[2]) and tonumber(ARGV[6]), 'copyToVenue')
local held = redis.call('GET', KEYS[2])
if held and (cjson.decode(held).rev or 0) >= rev then return 0 end
putIndexed(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], keep, ARGV[6])
return 1
`;

/** KEYS: the event's record. ARGV: the answer's JSON, keepForMs. Sets it unless an answer is there; returns the one kept. */
const COMPLETE_CHECKIN = `
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).stay then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/**
 * Check-ins and stays in Redis (prefix `vnhc:` by default):
 *
 *   chk:{h}                        string  an event's claim {fingerprint} then its first answer {fingerprint, stay} (h: its keyed hash); PX its retention
 *   cst:{citizenId}:rev            string  the number of the citizen's last write of stays: the compare-and-set of every change
 *   cst:{citizenId}:stays          zset    the citizen's stay ids by start time (ms)
 *   cst:{citizenId}:stay:{stayId}  string  the stay's JSON with the rev that wrote it; PX its retention
 *   ven:{venueId}:stays            zset    the venue's stay ids by start time (ms)
 *   ven:{venueId}:stay:{stayId}    string  the venue's copy, replaced only by a higher rev
 *
 * A venue's keys share its hash tag with the venue itself (ven:{venueId}), so a tracing query over
 * one venue is a range of one zset and one MGET on one node, costing the stays it returns; a
 * citizen's share the citizen's tag (the citizen store's slot). Each slot's write is one script.
 * The citizen's copy is written first and is the truth; a venue copy left stale by a crash is
 * written again when the event is retried (its claim is still pending).
 */
export class RedisStayStore implements StayStore {
  constructor(
    private readonly redis: StayCommands,
    private readonly prefix = 'vnhc:',
    /** A single Redis node (not a cluster): reads may span keys a script cannot name (citizenStays). */
    private readonly singleNode = false,
  ) {}

  claimCheckin(eventKey: string, fingerprint: string, keepForMs: number): Promise<CheckinClaim> {
    return redisCall(async () => {
      const key = this.checkinKey(eventKey);
      const set = await this.redis.set(key, JSON.stringify({ fingerprint }), {
        NX: true,
        expiration: { type: 'PX', value: pxFor(keepForMs) },
      });
      if (set === 'OK') return { state: 'claimed' };
      const held = parsed<{ fingerprint: string; stay?: CheckinStay }>(await this.redis.get(key));
      // Gone again only if it expired in between: taken as pending, so the event is applied (harmlessly) and recorded.
      if (!held) return { state: 'pending', fingerprint };
      return held.stay
        ? { state: 'done', recorded: { fingerprint: held.fingerprint, stay: held.stay } }
        : { state: 'pending', fingerprint: held.fingerprint };
    });
  }

  completeCheckin(eventKey: string, recorded: RecordedCheckin, keepForMs: number): Promise<RecordedCheckin> {
    return redisCall(async () => {
      const kept = await this.redis.eval(COMPLETE_CHECKIN, {
        keys: [this.checkinKey(eventKey)],
        arguments: [JSON.stringify(recorded), String(pxFor(keepForMs))],
      });
      return JSON.parse(String(kept)) as RecordedCheckin;
    });
  }

  getCheckin(eventKey: string): Promise<RecordedCheckin | undefined> {
    return redisCall(async () => {
      const held = parsed<Partial<RecordedCheckin>>(await this.redis.get(this.checkinKey(eventKey)));
      return held?.stay ? (held as RecordedCheckin) : undefined;
    });
  }

  readCitizen(citizenId: string, fromMs: number, toMs: number): Promise<CitizenStays> {
    return redisCall(async () => {
      const base = this.citizenBase(citizenId);
      const rev = Number((await this.redis.get(`${base}:rev`)) ?? 0);
      const ids = await this.redis.zRangeByScore(`${base}:stays`, fromMs, toMs);
      const values = ids.length === 0 ? [] : await this.redis.mGet(ids.map((id) => `${base}:stay:${id}`));
      return { rev, stays: values.flatMap((json) => (json === null ? [] : [withRev(json)])) };
    });
  }

  writeCitizen(citizenId: string, expectedRev: number, writes: StayWrite[], forgetBeforeMs: number): Promise<number | undefined> {
    return redisCall(async () => {
      const base = this.citizenBase(citizenId);
      const rev = expectedRev + 1;
      const answer = (await this.redis.eval(this.singleNode ? WRITE_CITIZEN_SINGLE_NODE : WRITE_CITIZEN, {
        keys: [`${base}:rev`, `${base}:stays`, ...writes.map(({ stay }) => `${base}:stay:${stay.stayId}`)],
        arguments: [
          String(expectedRev),
          String(Math.floor(forgetBeforeMs)),
          ...writes.flatMap(({ stay, keepForMs }) => [
            stay.stayId,
            String(Date.parse(stay.in)),
            JSON.stringify({ ...stay, rev }),
            String(pxFor(keepForMs)),
          ]),
        ],
      })) as [number, number];
      return answer[0] === 1 ? Number(answer[1]) : undefined;
    });
  }

  copyToVenue({ stay, keepForMs, rev }: StayWrite & { rev: number }, forgetBeforeMs: number): Promise<void> {
    return redisCall(async () => {
      const base = `${this.prefix}ven:{${stay.venueId}}`;
      await this.redis.eval(COPY_TO_VENUE, {
        keys: [`${base}:stays`, `${base}:stay:${stay.stayId}`],
        arguments: [
          stay.stayId,
          String(Date.parse(stay.in)),
          JSON.stringify({ ...stay, rev }),
          String(rev),
          String(pxFor(keepForMs)),
          String(Math.floor(forgetBeforeMs)),
        ],
      });
    });
  }

  /**
   * Newest first, at most `limit` ids read from the index (ZRANGE BYSCORE REV LIMIT), then their
   * stays: a long history costs only the page. One script on a single node; two commands on a cluster.
   */
  citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]> {
    return redisCall(async () => {
      const base = this.citizenBase(citizenId);
      const values = this.singleNode
        ? ((await this.redis.eval(CITIZEN_STAYS, {
            keys: [`${base}:stays`],
            arguments: [scoreOf(toMs), scoreOf(fromMs), String(limit), `${base}:stay:`],
          })) as string[])
        : await this.stepByStep(base, fromMs, toMs, limit);
      return values.flatMap((json) => (json === null ? [] : [withRev(json).stay]));
    });
  }

  private async stepByStep(base: string, fromMs: number, toMs: number, limit: number): Promise<(string | null)[]> {
    const ids = await this.redis.zRange(`${base}:stays`, scoreOf(toMs), scoreOf(fromMs), {
      BY: 'SCORE',
      REV: true,
      LIMIT: { offset: 0, count: limit },
    });
    return ids.length === 0 ? [] : this.redis.mGet(ids.map((id) => `${base}:stay:${id}`));
  }

  venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    return redisCall(() => this.read(`${this.prefix}ven:{${venueId}}`, fromMs, toMs));
  }

  /** One MGET on the citizen's node (their stays share their hash tag). */
  heldByCitizen(citizenId: string, stayIds: string[]): Promise<boolean[]> {
    if (stayIds.length === 0) return Promise.resolve([]);
    const base = this.citizenBase(citizenId);
    return redisCall(async () => (await this.redis.mGet(stayIds.map((id) => `${base}:stay:${id}`))).map((json) => json !== null));
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
          const stay = json === null ? undefined : withRev(json).stay;
          if (!stay || !overlapsWindow(stay, fromMs, toMs)) continue;
          if (stays.length === limit) return { stays, more: true };
          stays.push(stay);
        }
        if (ids.length < TRACING_PAGE) return { stays, more: false };
      }
    });
  }

  /** Stays by start time, oldest first; an id whose stay has expired is skipped. */
  private async read(base: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    const ids = await this.redis.zRangeByScore(`${base}:stays`, fromMs, toMs);
    if (ids.length === 0) return [];
    const values = await this.redis.mGet(ids.map((id) => `${base}:stay:${id}`));
    return values.flatMap((json) => (json === null ? [] : [withRev(json).stay]));
  }

  private citizenBase(citizenId: string): string {
    return `${this.prefix}cst:{${citizenId}}`;
  }

  private checkinKey(eventKey: string): string {
    return `${this.prefix}chk:{${eventKey}}`;
  }
}

/** Stay ids read at once by a tracing read: one range and one MGET of this many on the venue's node. */
const TRACING_PAGE = 1000;

/** A stay as a slot holds it: its JSON with the rev that wrote it, split apart (the rev is the store's, not the stay's). */
function withRev(json: string): RevStay {
  const { rev, ...stay } = JSON.parse(json) as StoredStay & { rev?: number };
  return { stay, rev: rev ?? 0 };
}

function scoreOf(ms: number): string {
  return ms === Infinity ? '+inf' : ms === -Infinity ? '-inf' : String(ms);
}

function parsed<T>(json: string | null): T | undefined {
  return json === null ? undefined : (JSON.parse(json) as T);
}
