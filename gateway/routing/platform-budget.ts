/**
 * A platform instance's rate budget: at most `perSecond` calls in each second of the clock,
 * counted by every gateway process together (gateway/store/platform-budget-store.ts), since a
 * platform's limit (Zalo: 50 requests a second per key) is on all of us, not on one process.
 *
 * Counted per clock second, as a platform's own limiter counts, rather than as a smoothed rate:
 * a checkpoint surge may use the whole second's budget at once, which the platform takes, where
 * a token bucket spaced at 1/perSecond would refuse calls the platform would have answered. The
 * cost: across the edge of two seconds up to twice the budget may go within one second's time.
 */
export interface BudgetCount {
  /** The clock second counted (ms since the epoch / 1000, floored). */
  second: number;
  /** Calls asked for in it, this one included, refused ones too. */
  count: number;
}

/** The second a call at `nowMs` counts in. Pure: the clock is passed in. */
export function budgetSecond(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/** One more call at `nowMs` after `before` (undefined: none counted yet). Pure. */
export function countCall(before: BudgetCount | undefined, nowMs: number): BudgetCount {
  const second = budgetSecond(nowMs);
  return before?.second === second ? { second, count: before.count + 1 } : { second, count: 1 };
}

/** Whether the `count`-th call of a second is within a budget of `perSecond`. */
export function withinBudget(count: number, perSecond: number): boolean {
  return count <= perSecond;
}

/** Where the calls are counted: Redis (every process), or this process's memory. */
export interface PlatformBudgets {
  /** Counts one call of `instance` at `nowMs`: whether it is within `perSecond`. */
  take(instance: string, perSecond: number, nowMs: number): Promise<boolean>;
}

/** Calls counted in this process alone (no Redis, or Redis away): one count per instance, so bounded by the configuration. */
export class MemoryPlatformBudgets implements PlatformBudgets {
  private readonly counts = new Map<string, BudgetCount>();

  async take(instance: string, perSecond: number, nowMs: number): Promise<boolean> {
    return this.takeNow(instance, perSecond, nowMs);
  }

  /** The same as take, answered at once (the Redis budgets' fallback needs no promise). */
  takeNow(instance: string, perSecond: number, nowMs: number): boolean {
    const counted = countCall(this.counts.get(instance), nowMs);
    this.counts.set(instance, counted);
    return withinBudget(counted.count, perSecond);
  }
}
