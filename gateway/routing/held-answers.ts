import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../domain/deep-freeze';
import { answerFingerprint, type HeldAnswer } from './freshness';

/** An answer held in this process, with what the shared last-good copy was last told of it. */
export interface HeldEntry extends HeldAnswer {
  /** A digest of the platform's answer as it came (its body's text), when its client gave one. */
  digest?: string;
  /** When this answer was last written to the shared last-good store (0: never). */
  savedAt: number;
  /** What the answer maps to, as answerFingerprint writes it, once it was needed (an answer whose text changed). */
  fingerprint?: string;
}

/** Answers held at once: about 40 MB of declarations at most, whatever the surge. */
export const MAX_HELD = 20_000;

/**
 * A digest of a platform answer's text: equal texts, equal records. SHA-256, so that no platform
 * answer could be made to pass for another (about 2 µs for a kilobyte; mapping one is 30-60 µs).
 */
export function answerDigest(text: string): string {
  return hash('sha256', text, 'base64');
}

/**
 * The platforms' last answers per instance and subject, in this process's memory: what the
 * freshness window serves without a call and without a Redis read (a scan's fan-out costs
 * nothing), what spares mapping an answer that came again as it was, and what tells whether the
 * shared last-good copy needs writing again. Bounded: past `maxEntries` the entry refreshed
 * longest ago goes (lru-cache, which drops it at once: a Map's first key, past deleted slots, was
 * 13 µs a new answer once full; recently-used.ts). Reading does not refresh. No timer: an expired
 * entry goes when read.
 */
export class HeldAnswers {
  private readonly entries: LRUCache<string, HeldEntry>;

  constructor(maxEntries = MAX_HELD) {
    this.entries = new LRUCache<string, HeldEntry>({ max: maxEntries });
  }

  /** The answer held for `key`, unless it is past its keptUntil at `now`. */
  get(key: string, now: number): HeldEntry | undefined {
    const entry = this.entries.peek(key);
    if (entry === undefined) return undefined;
    if (entry.keptUntil > now) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** The declaration held for `key` when the platform's answer then had this digest: the same text, so the same record. */
  sameAnswer(key: string, digest: string, now: number): HeldEntry | undefined {
    const entry = this.get(key, now);
    return entry?.digest === digest && entry.declaration !== null ? entry : undefined;
  }

  /**
   * Holds an answer just received. Returns whether the shared last-good copy needs writing: it
   * does when the platform said something new, or when it was last written `rewriteMs` ago or more
   * (so its age stays honest within that); not for an answer that merely said the same again. The
   * same text says the same; another text is compared by what it maps to (answerFingerprint), since
   * a platform may spell one record two ways.
   */
  hold(key: string, answer: HeldAnswer, now: number, rewriteMs: number, digest?: string): boolean {
    const before = this.get(key, now);
    // Past its retention already: not held, and written so that the shared copy lets the older answer go too.
    if (answer.keptUntil <= now) {
      this.entries.delete(key);
      return true;
    }
    const sameText = before !== undefined && digest !== undefined && before.digest === digest;
    // Another text: compared by what each maps to, each answer stringified once (kept for the next answer).
    let fingerprint = sameText ? before.fingerprint : undefined;
    let same = sameText;
    if (!sameText && before !== undefined) {
      fingerprint = answerFingerprint(answer.declaration);
      same = (before.fingerprint ?? answerFingerprint(before.declaration)) === fingerprint;
    }
    const unchanged = same && before !== undefined && now - before.savedAt < rewriteMs;
    // Oldest first out: setting a key, held or not, makes it the newest (no delete first: lru-cache's is dear).
    this.entries.set(key, {
      ...answer,
      // Shared by every scan that reuses it (the freshness window, an answer that came again as it
      // was), each with its own shallow copy: frozen, so that none can change it for the others.
      declaration: deepFreeze(answer.declaration),
      ...(digest === undefined ? {} : { digest }),
      ...(fingerprint === undefined ? {} : { fingerprint }),
      savedAt: unchanged ? before.savedAt : now,
    });
    return !unchanged;
  }

  get size(): number {
    return this.entries.size;
  }
}
