import { budgetSecond, withinBudget, type MemoryPlatformBudgets, type PlatformBudgets } from '../routing/platform-budget';
import { redisCall } from './redis-failures';
import type { RateLimitCommands } from './redis-rate-limit-store';
import { SCRIPT_GUARD } from './redis-scripts';
import { StoreUnavailable } from './store-errors';

/**
 * KEYS: the instance's count for one clock second. ARGV: how long the count outlives its second
 * (ms). Returns the count with this call. The key expires by itself: nothing is left behind.
 */
const COUNT_CALL = `
local keep = tonumber(ARGV[1])
if #KEYS ~= 1 or not keep or keep < 1 then return redis.error_reply('${SCRIPT_GUARD} countPlatformCall: bad inputs') end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], keep) end
return count
`;

/** A second's count outlives the second by this much, so that processes whose clocks differ by NTP's milliseconds count in the same key. */
const KEEP_MS = 2000;

/**
 * Every gateway process's calls to an instance counted in Redis: one round trip per call (one
 * script, one key, so one slot of a cluster), with the limiter's short timeout. The key names the
 * instance (configuration, never personal) and the second; the second is the gateway's clock's, so
 * that the arithmetic is the pure functions' (gateway/routing/platform-budget.ts).
 *
 * When Redis cannot answer, calls are counted in this process instead, with the same budget: the
 * platform's own 429 and Retry-After still stand behind it, and a scan should not lose a platform
 * because the gateway's counter is away. The cost: while Redis is away, N processes may send up to
 * N times the budget.
 */
export class RedisPlatformBudgets implements PlatformBudgets {
  /**
   * The clock second in which each instance's budget was found spent. A second's count only grows,
   * so every later call in that second is refused here without asking Redis (a surge's refused
   * calls cost no round trip each); the next second asks again.
   */
  private readonly spentIn = new Map<string, number>();

  constructor(
    private readonly commands: RateLimitCommands,
    private readonly local: MemoryPlatformBudgets,
    private readonly keyPrefix: string,
    private readonly onFallback: (error: StoreUnavailable) => void,
  ) {}

  /** The key of an instance's count in the second of `nowMs`; exported for tests that look at what Redis holds. */
  keyOf(instance: string, nowMs: number): string {
    return `${this.keyPrefix}budget:${instance}:${budgetSecond(nowMs)}`;
  }

  async take(instance: string, perSecond: number, nowMs: number): Promise<boolean> {
    const second = budgetSecond(nowMs);
    if (this.spentIn.get(instance) === second) return false;
    try {
      const count = await redisCall(() =>
        this.commands.eval(COUNT_CALL, { keys: [this.keyOf(instance, nowMs)], arguments: [String(KEEP_MS)] }),
      );
      const within = withinBudget(count as number, perSecond);
      if (!within) this.spentIn.set(instance, second);
      return within;
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onFallback(error);
      return this.local.takeNow(instance, perSecond, nowMs);
    }
  }
}
