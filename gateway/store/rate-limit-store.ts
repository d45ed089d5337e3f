import type { RateClass } from '../limits/rate-classes';
import { takeRequest, type RateDecision, type RatePolicy } from '../limits/rate';
import { StoreUnavailable } from './store-errors';

/**
 * Where callers' allowances are counted: in Redis, shared by every gateway process
 * (redis-rate-limit-store.ts), or in this process's memory without Redis.
 */
export interface RateLimitStore {
  /** One request of `caller` in `rateClass` under `policy` at `nowMs`: allowed or not, and what is left. */
  take(caller: string, rateClass: RateClass, policy: RatePolicy, nowMs: number): Promise<RateDecision>;
}

/** Callers and classes counted at once in memory: far more than a deployment's token subjects times five. */
export const MAX_COUNTED = 50_000;
/** Passed allowances are swept at most this often (by the clock passed in), so a sweep is never per request. */
const SWEEP_EVERY_MS = 1000;

/**
 * Allowances in this process's memory: one TAT per caller and class, dropped once it has passed (the
 * allowance is whole again, the same as no entry). Bounded: past `maxEntries` after a sweep, the
 * entry touched longest ago goes (its caller gets a whole allowance back, the one thing lost).
 * No timer: sweeps happen on the requests themselves.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly tats = new Map<string, number>();
  private lastSweepMs = -Infinity;

  constructor(private readonly maxEntries = MAX_COUNTED) {}

  async take(caller: string, rateClass: RateClass, policy: RatePolicy, nowMs: number): Promise<RateDecision> {
    return this.takeNow(caller, rateClass, policy, nowMs);
  }

  /** The same as take, answered at once (the Redis store's fallback needs no promise). */
  takeNow(caller: string, rateClass: RateClass, policy: RatePolicy, nowMs: number): RateDecision {
    this.sweep(nowMs);
    const key = `${rateClass}\n${caller}`;
    const { decision, tatUs } = takeRequest(policy, this.tats.get(key), nowMs);
    // Deleted and set again: the map's order is then the order of last use, oldest first.
    this.tats.delete(key);
    if (tatUs > nowMs * 1000) this.tats.set(key, tatUs);
    while (this.tats.size > this.maxEntries) this.tats.delete(this.tats.keys().next().value as string);
    return decision;
  }

  /** How many allowances are held now. */
  get size(): number {
    return this.tats.size;
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < SWEEP_EVERY_MS) return;
    this.lastSweepMs = nowMs;
    const nowUs = nowMs * 1000;
    for (const [key, tat] of this.tats) if (tat <= nowUs) this.tats.delete(key);
  }
}

/**
 * Redis first; when Redis cannot answer (down, timing out, a cluster slot failing over), the
 * allowance is counted in this process instead, with the same policies. Failing open, and why: a
 * request the limiter let through meets the store's own outage handling (a 503 with Retry-After
 * where it needs Redis); refusing it here would add nothing in a single Redis, and in a cluster
 * would refuse every request of a caller whose limiter key is on the one failing primary, checkpoints
 * included, though their data are on healthy ones. The cost: while Redis is away, a caller may send
 * its allowance to each process, N processes at most N times it.
 */
export class RateLimitsWithLocalFallback implements RateLimitStore {
  constructor(
    private readonly shared: RateLimitStore,
    private readonly local: MemoryRateLimitStore,
    private readonly onFallback: (error: StoreUnavailable) => void,
  ) {}

  async take(caller: string, rateClass: RateClass, policy: RatePolicy, nowMs: number): Promise<RateDecision> {
    try {
      return await this.shared.take(caller, rateClass, policy, nowMs);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onFallback(error);
      return this.local.takeNow(caller, rateClass, policy, nowMs);
    }
  }
}
