import { LRUCache } from 'lru-cache';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import type { Retention } from '../domain/retention';
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
const KEEP_MS = 14 * 24 * 3600 * 1000;

/** How long an answer received now may be kept: the policy's window, and never past its declaration's retention. */
function keepForMs(answer: LastGoodAnswer, retention: Retention): number {
  const declaredAt = answer.declaration?.declaredAt;
  return Math.min(KEEP_MS, declaredAt === undefined ? KEEP_MS : retention.endOf(declaredAt) - answer.receivedAt);
}

export class MemoryLastGoodAnswers implements LastGoodAnswers {
  /** Oldest written first out (lru-cache: reading does not refresh; see HeldAnswers for why not a Map). */
  private readonly entries: LRUCache<string, LastGoodAnswer & { keptUntil: number }>;

  constructor(
    private readonly retention: Retention,
    maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, LastGoodAnswer & { keptUntil: number }>({ max: maxEntries });
  }

  async put(instance: string, subject: string, answer: LastGoodAnswer): Promise<void> {
    const key = `${instance}\n${subject}`;
    const keep = keepForMs(answer, this.retention);
    // Set over the old without deleting it first: lru-cache's delete of its last entry clears every array it holds.
    if (keep <= 0) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, { ...answer, keptUntil: this.now() + keep });
  }

  async get(instance: string, subject: string): Promise<LastGoodAnswer | undefined> {
    const key = `${instance}\n${subject}`;
    const entry = this.entries.peek(key);
    if (entry === undefined) return undefined;
    if (entry.keptUntil <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { declaration: entry.declaration, receivedAt: entry.receivedAt };
  }
}

/**
 * A citizen's subject, as the router names it (adapter-router.ts: `citizen:<citizenId>`). The id is
 * the gateway's own, random, and in key names already (`cit:{citizenId}`): it needs no keyed hash.
 */
const CITIZEN_SUBJECT = /^citizen:(cit_[0-9A-Za-z_-]{16,40})$/;

export class RedisLastGoodAnswers implements LastGoodAnswers {
  constructor(
    private readonly redis: RedisCommands,
    private readonly names: KeyNames,
    private readonly retention: Retention,
    private readonly prefix = 'vnhc:',
  ) {}

  async put(instance: string, subject: string, answer: LastGoodAnswer): Promise<void> {
    const key = this.key(instance, subject);
    const keep = keepForMs(answer, this.retention);
    const json = JSON.stringify(answer);
    // An answer past its retention is not kept, and the older one it replaces goes too.
    if (keep > 0) await redisCall(() => this.redis.set(key, json, { expiration: { type: 'PX', value: keep } }));
    else {
      const former = this.formerKey(instance, subject);
      await redisCall(() => Promise.all([this.redis.del(key), former === undefined ? 0 : this.redis.del(former)]));
    }
  }

  async get(instance: string, subject: string): Promise<LastGoodAnswer | undefined> {
    const key = this.key(instance, subject);
    const former = this.formerKey(instance, subject);
    const [value, before] = await redisCall(() => Promise.all([this.redis.get(key), former === undefined ? null : this.redis.get(former)]));
    const found = value ?? before;
    return found === null ? undefined : (JSON.parse(found) as LastGoodAnswer);
  }

  /**
   * A citizen's answers under the citizen's id, on the citizen's slot; any other subject (a
   * platform's record id, which may be a person's identifier there) keyed, so that no key name
   * carries it. A keyed hash for every answer was 2% of a scan's CPU (issue 12).
   */
  private key(instance: string, subject: string): string {
    const citizenId = CITIZEN_SUBJECT.exec(subject)?.[1];
    return citizenId === undefined ? this.keyed(instance, subject) : `${this.prefix}lastgood:{${citizenId}}:${instance}`;
  }

  /**
   * A citizen's answer was kept under a keyed name before its name was the citizen's (2026-11-30):
   * read (in the same round trip) and let go with the new name until every such copy has ended
   * (KEEP_MS, 14 days); then this can go.
   */
  private formerKey(instance: string, subject: string): string | undefined {
    return CITIZEN_SUBJECT.test(subject) ? this.keyed(instance, subject) : undefined;
  }

  /** Keyed: no key name carries the subject; spread over the cluster's slots. */
  private keyed(instance: string, subject: string): string {
    return `${this.prefix}lastgood:{${this.names.of(`${instance}\n${subject}`)}}`;
  }
}
