import { RATE_CLASSES, type RateClass } from '../limits/rate-classes';
import { intervalUs, type RateDecision, type RatePolicy } from '../limits/rate';
import type { KeyNames } from './key-names';
import { BoundedMemo } from '../normalize/bounded-memo';
import { timedCommands } from './command-deadlines';
import { redisCall } from './redis-failures';
import { SCRIPT_GUARD } from './redis-scripts';
import type { RateLimitStore } from './rate-limit-store';

/** The one command this store sends; the connection's client (single node or cluster) has it. */
export interface RateLimitCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * KEYS: the caller's key for one class. ARGV: interval (µs), burst, now (µs, the gateway's clock).
 * Returns {allowed 0|1, remaining, retry after µs, reset µs}. The arithmetic of takeRequest
 * (gateway/limits/rate.ts), step for step; the TAT is written with `%.0f` because Lua's own
 * number-to-string keeps 14 digits and a TAT in microseconds has 16. The key expires (PX) when the
 * allowance is whole again, so nothing is left behind by a caller that stops.
 */
const TAKE_REQUEST = `
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if #KEYS ~= 1 or not interval or interval < 1 or not burst or burst < 1 or not now then
  return redis.error_reply('${SCRIPT_GUARD} takeRequest: bad inputs')
end
local tat = tonumber(redis.call('GET', KEYS[1]) or '') or now
if tat < now then tat = now end
local limit = interval * burst
local nextTat = tat + interval
if nextTat - now > limit then return {0, 0, nextTat - limit - now, tat - now} end
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
return {1, math.floor((limit - (nextTat - now)) / interval), 0, nextTat - now}
`;

/**
 * Allowances in Redis, shared by every gateway process: one round trip per request (one script,
 * one key, so one slot of a cluster). The key's name holds the caller only as a keyed HMAC
 * (REDIS_KEY_SECRET): a token's subject may be a person's name. The clock is the gateway's (the
 * processes' clocks agree to NTP's milliseconds, which an allowance of requests per second does not
 * notice), so that the arithmetic is the pure function's, tested with a clock passed in.
 */
export class RedisRateLimitStore implements RateLimitStore {
  /**
   * Key names made already, by class and caller: the HMAC (some 1.5 µs) was made again at every
   * request. Only subjects of a partner's or officer's usual length are kept: a subject may be as
   * long as a token (16 KiB of headers), and 50,000 of those would hold some 800 MB; longer ones are
   * made again at each request, as all were. The names used often stay past the bound.
   */
  private readonly keys = new BoundedMemo<string>(KEY_NAMES_KEPT, LONGEST_KEY_KEPT);

  constructor(
    private readonly commands: RateLimitCommands,
    private readonly keyNames: KeyNames,
    private readonly keyPrefix: string,
  ) {}

  /** The key of a caller's allowance in a class; exported for tests that look at what Redis holds. */
  keyOf(caller: string, rateClass: RateClass): string {
    return this.keys.get(`${rateClass}\n${caller}`, () => `${this.keyPrefix}rate:${rateClass}:${this.keyNames.of(`rate-limit:${caller}`)}`);
  }

  async take(caller: string, rateClass: RateClass, policy: RatePolicy, nowMs: number): Promise<RateDecision> {
    const reply = await redisCall(() =>
      this.commands.eval(TAKE_REQUEST, {
        keys: [this.keyOf(caller, rateClass)],
        arguments: [String(intervalUs(policy)), String(policy.burst), String(Math.round(nowMs * 1000))],
      }),
    );
    const [allowed, remaining, retryAfterUs, resetUs] = reply as [number, number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs: retryAfterUs / 1000, resetMs: resetUs / 1000 };
  }
}

/** Key names a store keeps made (class and caller): as many as the memory store's allowances. */
const KEY_NAMES_KEPT = 50_000;

/** The longest caller whose key name is kept: with the bound above, at most some 20 MB of subjects and names. */
const LONGEST_CALLER_KEPT = 256;

/** The longest memo key kept: the longest class, a newline, the longest caller kept. */
const LONGEST_KEY_KEPT = Math.max(...RATE_CLASSES.map((c) => c.length)) + 1 + LONGEST_CALLER_KEPT;

/**
 * How long the limiter waits for Redis before counting in this process instead: a healthy Redis
 * answers in a millisecond, and a scan's whole budget is 800 ms, so a hung Redis may cost a
 * request this much and no more (the connection's own REDIS_COMMAND_TIMEOUT_MS is 1 s).
 */
export const LIMITER_TIMEOUT_MS = 100;

/** The connection's commands, timing out after `timeoutMs` instead (one timer for them all: command-deadlines.ts). */
export function withTimeout(commands: object, timeoutMs: number): RateLimitCommands {
  return timedCommands(commands, timeoutMs) as RateLimitCommands;
}
