import { LRUCache } from 'lru-cache';

/**
 * Values by key, at most `limit` of them: reading or setting a key makes it the newest, and past the
 * limit the key used longest ago goes. What a process keeps of work it need not do again for a key
 * it sees again: a verified token, a verified QR code. Strict least-recently-used order, unlike
 * BoundedMemo's two generations, for values whose keys are few and hot (callers' tokens, codes
 * scanned again).
 *
 * On lru-cache, not a Map re-inserted on every use with its first key dropped past the limit: a
 * Map keeps a deleted entry's slot until it next rehashes, and the first key is found by walking
 * past them, so at the limit every eviction walked thousands of dead slots (13 µs an insert at
 * 20,000 entries, 0.5 µs at 1,000; lru-cache 0.4 µs at either). Every scan of a code not seen
 * before paid it once the process had verified 10,000 (issue 12).
 */
export class RecentlyUsed<V extends object> {
  private readonly entries: LRUCache<string, V>;

  constructor(readonly limit: number) {
    this.entries = new LRUCache<string, V>({ max: limit });
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
