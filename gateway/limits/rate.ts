/**
 * A caller's allowance for one class of route: `perSecond` on average, and up to `burst` at once
 * after a quiet spell. GCRA (the generic cell rate algorithm, a token bucket kept as one number):
 * all that is stored per caller and class is the theoretical arrival time (TAT), the moment the
 * allowance would be whole again.
 */
export interface RatePolicy {
  perSecond: number;
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Requests that may still be sent at once after this one (0 when refused). */
  remaining: number;
  /** Refused: how long until one more is allowed. 0 when allowed. */
  retryAfterMs: number;
  /** How long until the whole burst is available again. */
  resetMs: number;
}

/** What the store keeps: the TAT after this request, in microseconds (unchanged when refused). */
export interface RateStep {
  decision: RateDecision;
  tatUs: number;
}

/**
 * The interval between requests at the policy's rate, in whole microseconds: integers keep the
 * arithmetic exact (in JavaScript and in Redis's Lua, both doubles, exact to 2^53 µs, 285 years).
 */
export function intervalUs(policy: RatePolicy): number {
  return Math.max(1, Math.round(1_000_000 / policy.perSecond));
}

/**
 * One request under `policy` at `nowMs`, given the TAT stored for its caller and class (undefined
 * when nothing is stored: the allowance is whole). Pure: the clock is passed in. The Redis store
 * runs the same arithmetic in Lua (gateway/store/redis-rate-limit-store.ts), step for step.
 */
export function takeRequest(policy: RatePolicy, storedTatUs: number | undefined, nowMs: number): RateStep {
  const now = Math.round(nowMs * 1000);
  const interval = intervalUs(policy);
  const limit = interval * policy.burst;
  const tat = Math.max(storedTatUs ?? now, now);
  const next = tat + interval;
  if (next - now > limit)
    return {
      decision: { allowed: false, remaining: 0, retryAfterMs: (next - limit - now) / 1000, resetMs: (tat - now) / 1000 },
      tatUs: tat,
    };
  return {
    decision: { allowed: true, remaining: Math.floor((limit - (next - now)) / interval), retryAfterMs: 0, resetMs: (next - now) / 1000 },
    tatUs: next,
  };
}
