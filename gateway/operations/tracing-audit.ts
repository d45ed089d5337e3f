import { SCRIPT_GUARD } from '../store/redis-scripts';
import { redisCall } from '../store/redis-failures';
import type { AuditEntry, AuditLog } from './audit-log';

/**
 * The commands the tracing audit trail sends; the connection's client has them all. XREVRANGE by
 * time reads only what is kept even between two trims.
 */
export interface TracingAuditCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  xRevRange(
    key: string,
    end: string,
    start: string,
    options?: { COUNT?: number },
  ): Promise<{ id: string; message: Record<string, string> }[] | null>;
}

/**
 * A page of the trail, newest first, and where the next (older) one begins: a cursor naming the
 * page's last entry, absent on the last page. Every entry kept can be reached: a flood of other
 * entries (a partner reading stays, each one an entry) pushes none out of reach (a probe: the
 * newest 500 alone were answered, and 500 cheap reads buried the case files of the day).
 */
export interface AuditPage {
  entries: AuditEntry[];
  next?: string;
}

/** Tracing's trail: appended like any, read a page at a time. */
export interface TracingAuditLog extends AuditLog {
  page(limit: number, before?: string): Promise<AuditPage>;
}

/** A cursor as the trail writes it: a Redis stream id (ms-seq), which the memory trail's counters take too. */
export const AUDIT_CURSOR = /^\d{1,20}-\d{1,20}$/;

/** The memory trail's bound: far more tracing calls than one process sees in a retention window. */
const MEMORY_MAX_ENTRIES = 100_000;

/**
 * Appends one entry to the stream under Redis's own clock and trims, in the same step, every entry
 * older than the keep (MINID, exact); the key itself expires a keep after the last entry, so an idle
 * trail goes whole. TIME in a script is safe since Redis 5 (effects are replicated, not the script).
 */
const APPEND = `
if #KEYS ~= 1 or not tonumber(ARGV[1]) or ARGV[2] == nil then
  return redis.error_reply('${SCRIPT_GUARD} tracingAudit: bad inputs')
end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local keep = tonumber(ARGV[1])
redis.call('XADD', KEYS[1], 'MINID', tostring(math.max(0, nowMs - keep)), '*', 'entry', ARGV[2])
redis.call('PEXPIRE', KEYS[1], keep)
return nowMs`;

/**
 * Tracing's own audit trail (queries, contact reads, notices issued, approved and withdrawn): kept by
 * time, for the check-in retention window, so that no burst of other entries pushes one out before
 * the data it speaks of is gone. In Redis a stream (`{prefix}tracing:audit`, one key), trimmed by
 * time on every append and read back by time; in memory, by the gateway's clock and bounded.
 */
export class RedisTracingAudit implements TracingAuditLog {
  constructor(
    private readonly redis: TracingAuditCommands,
    private readonly key: string,
    private readonly keepMs: number,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await redisCall(() => this.redis.eval(APPEND, { keys: [this.key], arguments: [String(this.keepMs), JSON.stringify(entry)] }));
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    return (await this.page(limit)).entries;
  }

  async page(limit: number, before?: string): Promise<AuditPage> {
    const entries = await redisCall(async () => {
      const nowMs = Number(await this.redisNowMs());
      // `(id`: strictly before the cursor's entry (Redis 6.2's exclusive range).
      return this.redis.xRevRange(this.key, before === undefined ? '+' : `(${before}`, String(Math.max(0, nowMs - this.keepMs)), {
        COUNT: limit,
      });
    });
    const read = entries ?? [];
    const last = read.length === limit ? read[read.length - 1] : undefined;
    return {
      entries: read.map(({ message }) => JSON.parse(message.entry as string) as AuditEntry),
      ...(last ? { next: last.id } : {}),
    };
  }

  /** Redis's clock, the one the stream ids were made with. */
  private async redisNowMs(): Promise<number> {
    return Number(await this.redis.eval(NOW, { keys: [], arguments: [] }));
  }
}

const NOW = `local time = redis.call('TIME')
return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;

export class MemoryTracingAudit implements TracingAuditLog {
  private readonly entries: { atMs: number; id: string; entry: AuditEntry }[] = [];
  /** Each entry's sequence, for its cursor (`<ms>-<seq>`, as Redis names stream entries). */
  private appended = 0;

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = MEMORY_MAX_ENTRIES,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    this.drop();
    const atMs = this.now();
    this.entries.push({ atMs, id: `${atMs}-${this.appended++}`, entry: structuredClone(entry) });
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    return (await this.page(limit)).entries;
  }

  async page(limit: number, before?: string): Promise<AuditPage> {
    this.drop();
    // In append order, oldest first: a page ends just before its cursor's entry. A cursor whose
    // entry has gone (past the keep, oldest first) has nothing older left: an empty page.
    const upTo =
      before === undefined
        ? this.entries.length
        : Math.max(
            0,
            this.entries.findIndex(({ id }) => id === before),
          );
    const from = Math.max(0, upTo - limit);
    const read = this.entries.slice(from, upTo).reverse();
    const last = from > 0 ? read[read.length - 1] : undefined;
    return { entries: read.map(({ entry }) => structuredClone(entry)), ...(last ? { next: last.id } : {}) };
  }

  /** Entries past the keep, oldest first in the array. */
  private drop(): void {
    const cutoff = this.now() - this.keepMs;
    let gone = 0;
    while (gone < this.entries.length && (this.entries[gone] as { atMs: number }).atMs <= cutoff) gone++;
    if (gone > 0) this.entries.splice(0, gone);
  }
}
