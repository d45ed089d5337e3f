/**
 * A platform instance's breaker: opossum's settings, with production values instead of opossum's
 * defaults (which have no volume threshold and a 10 s timeout that leaves the request running).
 */
export interface BreakerSettings {
  /** A call slower than this is cancelled and counts as a failure. */
  timeoutMs: number;
  /** The share of failures, over the rolling window, that opens the breaker. */
  errorThresholdPercentage: number;
  /** No opening before this many calls in the window: two failures out of two is not an outage. */
  volumeThreshold: number;
  /** How long the breaker stays open before one half-open probe is let through. */
  resetTimeoutMs: number;
  /** The bulkhead: calls in flight at once; more are refused at once, not queued. */
  capacity: number;
  /** The rolling window the percentages are counted over. */
  rollingWindowMs: number;
}

const BASE: BreakerSettings = { timeoutMs: 400, errorThresholdPercentage: 50, volumeThreshold: 10, resetTimeoutMs: 5000, capacity: 64, rollingWindowMs: 10_000 };

/**
 * Defaults per platform, from their behaviour in platforms.md. Each fits inside the scan's 800 ms
 * deadline with room for one retry where the platform is quick.
 */
export const PLATFORM_BREAKERS: Readonly<Record<string, BreakerSettings>> = {
  // 40-120 ms; 503 under load.
  tokhaiyte: { ...BASE, timeoutMs: 350 },
  // 30-80 ms; drops connections now and then (retried once).
  ncovi: { ...BASE, timeoutMs: 300 },
  // 20-60 ms but the least reliable: bursts of 500s and timeouts. A short timeout, a larger volume
  // before judging a burst, and a short reset so it is back soon after the burst ends.
  bluezone: { ...BASE, timeoutMs: 250, volumeThreshold: 20, resetTimeoutMs: 3000 },
  // Rate-limited at 50 requests a second per key: a small bulkhead keeps us under it.
  zalo: { ...BASE, timeoutMs: 300, capacity: 40 },
  // 150-600 ms, with maintenance windows: the longest timeout, and a long reset so a window is not probed constantly.
  c06: { ...BASE, timeoutMs: 700, resetTimeoutMs: 15_000, capacity: 32 },
  smartcity: { ...BASE, timeoutMs: 400 },
};
