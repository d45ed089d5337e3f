/**
 * The seconds each breaker has spent open, counted as it changes state: what
 * `vnhc_adapter_breaker_open_seconds_total` exports, so that `rate()` over a window is the share of
 * it spent open. A gauge of the state sampled at each scrape cannot say that: a breaker of a platform
 * that is down turns half-open for each probe, and made-up codes close it on probation between
 * (guarded-lookup.ts), so a scrape now and then found it not open; and a breaker left half-open by a
 * quiet platform (no call to probe with) is not open at all. Counted from the process's start, a
 * window that began before it counts as closed there: a process just started alerts no sooner than
 * one that has run for hours. The clock is monotonic, in milliseconds, passed in.
 */
export class BreakerOpenTime {
  /** When each breaker now open opened. */
  private readonly openSince = new Map<string, number>();
  /** Seconds of each breaker's open spells that have ended. */
  private readonly ended = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The breaker of `instance` is now open (true) or not (closed, or half-open probing). */
  set(instance: string, open: boolean): void {
    const since = this.openSince.get(instance);
    if (open && since === undefined) this.openSince.set(instance, this.now());
    if (!open && since !== undefined) {
      this.ended.set(instance, (this.ended.get(instance) ?? 0) + (this.now() - since) / 1000);
      this.openSince.delete(instance);
    }
  }

  /** Seconds the breaker of `instance` has been open, its current spell included. */
  secondsOpen(instance: string): number {
    const since = this.openSince.get(instance);
    return (this.ended.get(instance) ?? 0) + (since === undefined ? 0 : (this.now() - since) / 1000);
  }
}
