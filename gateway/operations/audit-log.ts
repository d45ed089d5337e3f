import type { RedisCommands } from '../store/redis-connection';
import { redisCall } from '../store/redis-failures';

/** Who did what to which adapter or notice, and when. Operators' identities are token subjects, not people's data. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  /** The adapter instance acted on (breaker actions). */
  instance?: string;
  /** The exposure notice acted on, and the case file it belongs to (notice-issue, notice-approve, notice-withdraw). */
  noticeId?: string;
  caseRef?: string;
  /** A tracing call (tracing-query, tracing-contacts and their refusals): why, which query, how many citizens it returned; never who. */
  purpose?: string;
  queryId?: string;
  citizens?: number;
  /** The citizen whose stays were read (citizen-stays): an opaque id, so that who looked at whose movements can be answered. */
  citizenId?: string;
  /** What a tracing query looked up: the venues named (before children) and the window, as stated. */
  venues?: string[];
  from?: string;
  to?: string;
  requestId: string;
}

/** The operators' audit trail: newest first, the last 1,000 kept. Redis with a store, memory without. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  newest(limit: number): Promise<AuditEntry[]>;
}

const KEEP = 1000;

export class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.entries.unshift(entry);
    this.entries.length = Math.min(this.entries.length, KEEP);
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    return this.entries.slice(0, limit);
  }
}

export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: RedisCommands,
    private readonly key: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const json = JSON.stringify(entry);
    await redisCall(async () => {
      await this.redis.lPush(this.key, json);
      await this.redis.lTrim(this.key, 0, KEEP - 1);
    });
  }

  async newest(limit: number): Promise<AuditEntry[]> {
    return (await redisCall(() => this.redis.lRange(this.key, 0, limit - 1))).map((e) => JSON.parse(e) as AuditEntry);
  }
}
