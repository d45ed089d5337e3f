import type { BreakerState } from '../routing/guarded-lookup';

/**
 * How long a half-open spell counts as open, at most: a breaker half-open is waiting for a call to
 * probe the platform with, or probing it; a platform that is down and still asked turns its breaker
 * open and half-open again within seconds (its reset timeout, then one call and its timeout), and
 * every call meanwhile fails. Past this, a breaker still half-open has had no call to probe with: a
 * quiet platform, perhaps recovered, which no checkpoint is waiting for.
 */
export const HALF_OPEN_COUNTED_MS = 30_000;

/**
 * The seconds each breaker has spent open (and half-open, up to HALF_OPEN_COUNTED_MS a spell),
 * counted as it changes state: what `vnhc_adapter_breaker_open_seconds_total` exports, so that
 * `rate()` over a window is the share of it the platform was not asked. A gauge of the state sampled
 * at each scrape cannot say that: a platform that is down turns its breaker half-open for each probe,
 * and made-up codes close it on probation between (guarded-lookup.ts), so a scrape now and then
 * found it not open. Counted from the process's start, a window that began before it counts as
 * closed there: a process just started alerts no sooner than one that has run for hours. The clock
 * is monotonic, in milliseconds, passed in.
 */
export class BreakerOpenTime {
  /** The spell each breaker not closed is in: since when, and whether it is half-open. */
  private readonly spells = new Map<string, { since: number; halfOpen: boolean }>();
  /** Seconds counted of each breaker's spells that have ended. */
  private readonly ended = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The breaker of `instance` is now in `state` (a repeated state continues its spell). */
  set(instance: string, state: BreakerState): void {
    const spell = this.spells.get(instance);
    if (spell && spell.halfOpen === (state === 'half-open') && state !== 'closed') return;
    if (spell) this.ended.set(instance, (this.ended.get(instance) ?? 0) + this.counted(spell));
    if (state === 'closed') this.spells.delete(instance);
    else this.spells.set(instance, { since: this.now(), halfOpen: state === 'half-open' });
  }

  /** Seconds counted for the breaker of `instance`, its current spell included. */
  secondsOpen(instance: string): number {
    const spell = this.spells.get(instance);
    return (this.ended.get(instance) ?? 0) + (spell ? this.counted(spell) : 0);
  }

  private counted({ since, halfOpen }: { since: number; halfOpen: boolean }): number {
    const ms = Math.max(0, this.now() - since);
    return (halfOpen ? Math.min(ms, HALF_OPEN_COUNTED_MS) : ms) / 1000;
  }
}
