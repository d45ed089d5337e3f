import { MAX_RISK_WINDOW_DAYS } from '../config';
import type { ExposureNotice, NoticeStatus } from '../domain/exposure-notice';
import { noticeKeepDays } from '../domain/notice-retention';
import { SCRIPT_GUARD } from './redis-scripts';
import { pxFor } from './redis-expiry';
import { redisCall } from './redis-failures';
import { cursorOf, newestFirst, type NoticeCursor, type NoticeStore, type Transition } from './notice-store';

/**
 * The commands the notice store sends. The connection's client (single node or cluster) has them
 * all; named here, as the stay store's are, so that this store's needs stay beside it.
 */
export interface NoticeCommands {
  get(key: string): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  zRangeWithScores(key: string, start: number, stop: number): Promise<{ value: string; score: number }[]>;
  zRem(key: string, members: string[]): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  sRem(key: string, members: string[]): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * How long after its issue any configuration keeps a notice: as long as the risk window after its
 * own window (at most MAX_RISK_WINDOW_DAYS), which ends at most the mapping's clock skew (a day at
 * most) after its issue; a day's margin on top. Index entries older than this name notices gone,
 * whatever a process's own setting: at 15 days, a 21-day setting dropped notices still in force from
 * the list, and at a process's own setting, one of a pod set lower dropped the others' (reviews).
 */
const LONGEST_KEPT_MS = (noticeKeepDays(MAX_RISK_WINDOW_DAYS) + 2) * 86_400_000;

/** Stores a new notice (SET NX with its expiry) and indexes it, in one step; drops index entries certainly gone. */
const ADD = `
if #KEYS ~= 2 or not tonumber(ARGV[2]) or not tonumber(ARGV[3]) or ARGV[4] == nil then
  return redis.error_reply('${SCRIPT_GUARD} addNotice: bad inputs')
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[3]) - ${LONGEST_KEPT_MS}))
return 1`;

/**
 * Compare-and-set of a notice's status, with the active index, in one step: the stored notice is
 * replaced (its expiry kept) only while its status is ARGV[1]. Answers { 1, new } when it was,
 * { 0, stored } when not, nil when there is no notice.
 */
const TRANSITION = `
if #KEYS ~= 2 or ARGV[1] == nil or ARGV[2] == nil or ARGV[3] == nil or ARGV[4] == nil then
  return redis.error_reply('${SCRIPT_GUARD} transitionNotice: bad inputs')
end
local stored = redis.call('GET', KEYS[1])
if not stored then return nil end
if cjson.decode(stored)['status'] ~= ARGV[1] then return { 0, stored } end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
if ARGV[3] == 'active' then redis.call('SADD', KEYS[2], ARGV[4]) else redis.call('SREM', KEYS[2], ARGV[4]) end
return { 1, ARGV[2] }`;

/**
 * Exposure notices in Redis (prefix `vnhc:` by default), every key under one hash tag, so that a
 * status change and its index move in one script on one node (notices are few: hundreds at most):
 *
 *   {ntc}:n:{noticeId}   string  the notice's JSON; PX: 14 days after its window ends
 *   {ntc}:all            zset    notice ids by issue time (ms): the list, newest first
 *   {ntc}:active         set     the ids of active notices: what a scan reads (through a short cache)
 *
 * An index entry whose notice has expired is skipped when read and removed then.
 */
export class RedisNoticeStore implements NoticeStore {
  constructor(
    private readonly redis: NoticeCommands,
    private readonly prefix = 'vnhc:',
  ) {}

  addNotice(notice: ExposureNotice, keepForMs: number): Promise<boolean> {
    return redisCall(async () => {
      const added = await this.redis.eval(ADD, {
        keys: [this.key(notice.noticeId), this.all],
        arguments: [JSON.stringify(notice), String(pxFor(keepForMs)), String(Date.parse(notice.issuedAt)), notice.noticeId],
      });
      return added === 1;
    });
  }

  getNotice(noticeId: string): Promise<ExposureNotice | undefined> {
    return redisCall(async () => parsed(await this.redis.get(this.key(noticeId))));
  }

  transition(next: ExposureNotice, expected: NoticeStatus): Promise<Transition | undefined> {
    return redisCall(async () => {
      const answer = (await this.redis.eval(TRANSITION, {
        keys: [this.key(next.noticeId), this.active],
        arguments: [expected, JSON.stringify(next), next.status, next.noticeId],
      })) as [number, string] | null;
      if (!answer) return undefined;
      return { changed: answer[0] === 1, notice: JSON.parse(answer[1]) as ExposureNotice };
    });
  }

  listNotices(limit: number, after?: NoticeCursor): Promise<ExposureNotice[]> {
    return redisCall(async () => {
      const entries = await this.redis.zRangeWithScores(this.all, 0, -1);
      const page = entries
        .map(({ value, score }) => ({ issuedAtMs: score, noticeId: value }))
        .sort(newestFirst)
        .filter((entry) => !after || newestFirst(after, entry) < 0)
        .slice(0, limit);
      return (
        await this.read(
          page.map((e) => e.noticeId),
          this.all,
          'zset',
        )
      ).sort((a, b) => newestFirst(cursorOf(a), cursorOf(b)));
    });
  }

  activeNotices(): Promise<ExposureNotice[]> {
    return redisCall(async () => {
      const notices = await this.read(await this.redis.sMembers(this.active), this.active, 'set');
      return notices.filter((n) => n.status === 'active');
    });
  }

  /** The notices of these ids still kept; ids whose notice has expired are dropped from the index they came from. */
  private async read(ids: string[], index: string, kind: 'set' | 'zset'): Promise<ExposureNotice[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mGet(ids.map((id) => this.key(id)));
    const gone = ids.filter((_, i) => values[i] === null);
    if (gone.length > 0) await (kind === 'set' ? this.redis.sRem(index, gone) : this.redis.zRem(index, gone));
    return values.flatMap((json) => parsed(json) ?? []);
  }

  private key(noticeId: string): string {
    return `${this.prefix}{ntc}:n:${noticeId}`;
  }

  private get all(): string {
    return `${this.prefix}{ntc}:all`;
  }

  private get active(): string {
    return `${this.prefix}{ntc}:active`;
  }
}

function parsed(json: string | null): ExposureNotice | undefined {
  return json === null ? undefined : (JSON.parse(json) as ExposureNotice);
}
