/**
 * Values by key, at most `limit` of them: reading or setting a key makes it the newest, and past the
 * limit the key used longest ago goes (a Map iterates in insertion order, so re-inserting a key makes
 * it the newest). What a process keeps of work it need not do again for a key it sees again: a
 * verified token, a verified QR code. Strict least-recently-used order, unlike BoundedMemo's two
 * generations, for values whose keys are few and hot (callers' tokens, codes scanned again).
 */
export class RecentlyUsed<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
