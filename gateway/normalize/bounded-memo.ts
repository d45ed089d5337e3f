/**
 * Answers of a pure function of a short string, remembered up to a bound: what the mappings compute
 * again and again from what partners send in the same few spellings (a province's name, a form's
 * question labels, a field's pointer). Two generations of half the bound each: a key is looked up in
 * the recent one, then in the older one (and brought back to the recent one); when the recent one is
 * full it becomes the older one and the oldest are dropped. A key asked for often is never more
 * than a generation old, whatever a partner's rare values push through: an LRU's order at one Map
 * lookup a hit. Longer keys than `maxKeyLength` are computed and not kept (a partner's text may be
 * a megabyte).
 */
export class BoundedMemo<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();
  private readonly generation: number;

  constructor(
    /** Keys remembered at most, over both generations. */
    readonly limit: number,
    private readonly maxKeyLength = 64,
  ) {
    this.generation = Math.max(1, Math.floor(limit / 2));
  }

  /** `compute(key)`, remembered: the same answer (the same object) for the same key while it is kept. */
  get(key: string, compute: (key: string) => V): V {
    const known = this.recent.get(key);
    if (known !== undefined) return known;
    if (key.length > this.maxKeyLength) return compute(key);
    const value = this.older.get(key) ?? compute(key);
    if (this.recent.size >= this.generation) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, value);
    return value;
  }

  /** How many keys are remembered now (a key in both generations counts twice): for the tests of the bound. */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  has(key: string): boolean {
    return this.recent.has(key) || this.older.has(key);
  }

  /** Drops what is kept for `key` (an answer found not worth keeping after all: a read that failed). */
  forget(key: string): void {
    this.recent.delete(key);
    this.older.delete(key);
  }
}
