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
export class RedisTracingAudit implements AuditLog {
  constructor(
    private readonly redis: TracingAuditCommands,
    private readonly key: string,
    private readonly keepMs: number,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await redisCall(() => this.redis.eval(APPEND, { keys: [this.key], arguments: [String(this.keepMs), JSON.stringify(entry)] }));
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    const entries = await redisCall(async () => {
      const nowMs = Number(await this.redisNowMs());
      return this.redis.xRevRange(this.key, '+', String(Math.max(0, nowMs - this.keepMs)), { COUNT: limit });
    });
    return (entries ?? []).map(({ message }) => JSON.parse(message.entry as string) as AuditEntry);
  }

  /** Redis's clock, the one the stream ids were made with. */
  private async redisNowMs(): Promise<number> {
    return Number(await this.redis.eval(NOW, { keys: [], arguments: [] }));
  }
}

const NOW = `local time = redis.call('TIME')
return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;

export class MemoryTracingAudit implements AuditLog {
  private readonly entries: { atMs: number; entry: AuditEntry }[] = [];

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = MEMORY_MAX_ENTRIES,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    this.drop();
    this.entries.push({ atMs: this.now(), entry: structuredClone(entry) });
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    this.drop();
    return this.entries
      .slice(-limit)
      .reverse()
      .map(({ entry }) => structuredClone(entry));
  }

  /** Entries past the keep, oldest first in the array. */
  private drop(): void {
    const cutoff = this.now() - this.keepMs;
    let gone = 0;
    while (gone < this.entries.length && (this.entries[gone] as { atMs: number }).atMs <= cutoff) gone++;
    if (gone > 0) this.entries.splice(0, gone);
  }
}
