import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import type { KeyNames } from './key-names';
import type { RedisCommands } from './redis-connection';
import { redisCall } from './redis-failures';

/** A platform's last good answer for a subject, and when it was received. */
export interface LastGoodAnswer {
  declaration: CanonicalDeclaration | null;
  receivedAt: number;
}

/**
 * The breakers' fallback: the last good answer per instance and subject, served only marked as
 * stale with its age. Redis in production (shared by every process), bounded memory embedded.
 */
export interface LastGoodAnswers {
  put(instance: string, subject: string, answer: LastGoodAnswer): Promise<void>;
  get(instance: string, subject: string): Promise<LastGoodAnswer | undefined>;
}

/** How long a last good answer is worth keeping: past the policy's longest window it says nothing. */
const KEEP_SECONDS = 14 * 24 * 3600;

export class MemoryLastGoodAnswers implements LastGoodAnswers {
  private readonly entries = new Map<string, LastGoodAnswer>();

  constructor(private readonly maxEntries = 20_000) {}

  async put(instance: string, subject: string, answer: LastGoodAnswer): Promise<void> {
    const key = `${instance}\n${subject}`;
    this.entries.delete(key);
    // Oldest first out: a Map iterates in insertion order, and a refreshed key was just re-inserted.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, answer);
  }

  async get(instance: string, subject: string): Promise<LastGoodAnswer | undefined> {
    return this.entries.get(`${instance}\n${subject}`);
  }
}

export class RedisLastGoodAnswers implements LastGoodAnswers {
  constructor(
    private readonly redis: RedisCommands,
    private readonly names: KeyNames,
    private readonly prefix = 'vnhc:',
  ) {}

  async put(instance: string, subject: string, answer: LastGoodAnswer): Promise<void> {
    const json = JSON.stringify(answer);
    await redisCall(() => this.redis.set(this.key(instance, subject), json, { EX: KEEP_SECONDS }));
  }

  async get(instance: string, subject: string): Promise<LastGoodAnswer | undefined> {
    const value = await redisCall(() => this.redis.get(this.key(instance, subject)));
    return value === null ? undefined : (JSON.parse(value) as LastGoodAnswer);
  }

  /** Keyed: the subject may be a citizen or a record id, and no key name should carry either; spread over the cluster's slots. */
  private key(instance: string, subject: string): string {
    return `${this.prefix}lastgood:{${this.names.of(`${instance}\n${subject}`)}}`;
  }
}
