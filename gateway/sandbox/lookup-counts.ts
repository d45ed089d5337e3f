/** What a simulator saw of one lookup (one path and query: one record or one person asked for). */
export interface LookupCount {
  /** Requests received. */
  calls: number;
  /** Requests being answered now. */
  inFlight: number;
  /** The most answered at once. */
  maxInFlight: number;
}

/**
 * The lookups a simulated platform received, by path and query, so that a test can count what
 * the gateway cost a platform (a surge of scans, one call per citizen). In the sandbox's memory
 * only: the paths hold identifiers, which a real platform's logs would hold too.
 */
export class LookupCounts {
  private readonly byLookup = new Map<string, LookupCount>();
  private uncounted = 0;

  /** Lookups told apart at most (a long-running sandbox is asked for ever new ids): the rest are counted in the total only. */
  constructor(private readonly maxLookups = 10_000) {}

  /** A request for `lookup` arrived; the returned function says it was answered (or dropped). */
  received(lookup: string): () => void {
    const count = this.byLookup.get(lookup) ?? { calls: 0, inFlight: 0, maxInFlight: 0 };
    if (this.byLookup.has(lookup) || this.byLookup.size < this.maxLookups) this.byLookup.set(lookup, count);
    else this.uncounted += 1;
    count.calls += 1;
    count.inFlight += 1;
    count.maxInFlight = Math.max(count.maxInFlight, count.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      count.inFlight -= 1;
    };
  }

  /** Every lookup received, by path and query. */
  all(): ReadonlyMap<string, LookupCount> {
    return this.byLookup;
  }

  /** Requests received in all. */
  get total(): number {
    let total = this.uncounted;
    for (const { calls } of this.byLookup.values()) total += calls;
    return total;
  }

  clear(): void {
    this.byLookup.clear();
    this.uncounted = 0;
  }
}
