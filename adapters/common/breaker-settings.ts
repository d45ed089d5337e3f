/**
 * A platform instance's breaker: opossum's settings, with production values instead of opossum's
 * defaults (which have no volume threshold and a 10 s timeout that leaves the request running).
 * Every platform definition carries its own, so a platform cannot be added without them.
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

/**
 * What most platforms share: open at half the calls failing over 10 s, judged over at least 10
 * calls, probe again after 5 s, 64 calls in flight. No timeout here: each platform states its own,
 * from its latency in platforms.md, inside the scan's 800 ms deadline.
 */
export const BREAKER_BASE: Readonly<Omit<BreakerSettings, 'timeoutMs'>> = {
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  resetTimeoutMs: 5000,
  capacity: 64,
  rollingWindowMs: 10_000,
};
