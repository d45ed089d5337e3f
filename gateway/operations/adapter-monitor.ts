import type { AdapterRouter } from '../routing/adapter-router';
import type { BreakerState, GuardedLookup } from '../routing/guarded-lookup';
import { formatIct } from '../normalize/dates';
import type { GatewayEventMap, GatewayEvents } from './gateway-events';
import type { GatewayMetrics } from './metrics';

export interface Counts {
  calls: number;
  successes: number;
  failures: number;
  timeouts: number;
  rejections: number;
  /**
   * Requests the platform refused in its own words (a JSON error other than its not-found: an
   * account it does not know, from a made-up code): the request's fault, not the platform's, and
   * not counted by its breaker either, so not failures here.
   */
  refused: number;
  fallbacks: number;
  /** Scans answered within the instance's freshness window, without a call. */
  freshCache: number;
  /** Calls not sent: the instance's rate budget for the second was spent. */
  budgetRefusals: number;
  /** Scans that shared another scan's call in flight. */
  shared: number;
}

/** One instance as an operator sees it from this process. No personal data: counts, times, kinds. */
export interface AdapterView {
  instance: string;
  state: BreakerState;
  stateSince: string;
  /** Held open by an operator. */
  held: boolean;
  /** Until when the platform asked for quiet (Retry-After, at most a minute): no call is sent before; null when it did not. */
  quietUntil: string | null;
  lastMinute: Counts;
  last15Minutes: Counts;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** The last 15 minutes, oldest first, one point a minute. */
  sparkline: { minute: string; calls: number; failures: number; p50: number | null }[];
  lastError: { kind: string; at: string } | null;
  lastSuccessAt: string | null;
  probe: { status: 'up' | 'down'; latencyMs: number; at: string; detail?: string } | null;
}

interface MinuteBucket extends Counts {
  minute: number;
  latencies: number[];
}

const MINUTES = 15;
/** Latency samples kept per minute and instance: enough for a p99, bounded whatever the traffic. */
const SAMPLES_PER_MINUTE = 2000;
const empty = (): Counts => ({
  calls: 0,
  successes: 0,
  failures: 0,
  timeouts: 0,
  rejections: 0,
  refused: 0,
  fallbacks: 0,
  freshCache: 0,
  budgetRefusals: 0,
  shared: 0,
});
/** Which count a shielded call adds to. */
const SPARED: Record<GatewayEventMap['shielded'][0]['how'], 'freshCache' | 'budgetRefusals' | 'shared'> = {
  'fresh-cache': 'freshCache',
  'budget-refused': 'budgetRefusals',
  shared: 'shared',
};

class InstanceStats {
  private readonly buckets: MinuteBucket[] = [];
  state: BreakerState = 'closed';
  stateSince: number;
  lastError: { kind: string; at: number } | null = null;
  lastSuccessAt: number | null = null;
  probe: AdapterView['probe'] = null;

  constructor(now: number) {
    this.stateSince = now;
  }

  record(call: GatewayEventMap['adapter-call'][0], now: number): void {
    const { outcome, detail, rejected, sentMs } = call;
    const bucket = this.bucket(now);
    bucket.calls += 1;
    if (outcome === 'answered' || outcome === 'not-found') {
      bucket.successes += 1;
      this.lastSuccessAt = now;
    } else if (outcome === 'timeout') bucket.timeouts += 1;
    else if (rejected) bucket.rejections += 1;
    else if (detail === 'bad-request') bucket.refused += 1;
    else bucket.failures += 1;
    // The last error is the platform's (a timeout, a failure), not a call turned away before or at
    // it, nor a request it refused (a made-up code's would hide the outage behind it).
    const platformFailed = (outcome === 'timeout' || outcome === 'error') && !rejected && detail !== 'bad-request';
    if (platformFailed) this.lastError = { kind: detail ?? outcome, at: now };
    // The platform's own time, as the metrics' latency is: a call turned away before any attempt took none.
    if (sentMs !== undefined && bucket.latencies.length < SAMPLES_PER_MINUTE) bucket.latencies.push(sentMs);
  }

  fallback(now: number): void {
    this.bucket(now).fallbacks += 1;
  }

  spared(how: GatewayEventMap['shielded'][0]['how'], now: number): void {
    this.bucket(now)[SPARED[how]] += 1;
  }

  view(instance: string, held: boolean, quietUntil: number | undefined, now: number): AdapterView {
    const minute = Math.floor(now / 60_000);
    const recent = this.buckets.filter((b) => b.minute > minute - MINUTES);
    const sum = (list: MinuteBucket[]): Counts =>
      list.reduce((total, b) => {
        for (const count of Object.keys(total) as (keyof Counts)[]) total[count] += b[count];
        return total;
      }, empty());
    const all = recent.flatMap((b) => b.latencies).sort((a, b) => a - b);
    return {
      instance,
      state: this.state,
      stateSince: formatIct(this.stateSince),
      held,
      quietUntil: quietUntil === undefined ? null : formatIct(quietUntil),
      lastMinute: sum(recent.filter((b) => b.minute === minute)),
      last15Minutes: sum(recent),
      latencyMs: { p50: percentile(all, 0.5), p95: percentile(all, 0.95), p99: percentile(all, 0.99) },
      sparkline: Array.from({ length: MINUTES }, (_, i) => {
        const m = minute - MINUTES + 1 + i;
        const b = recent.find((x) => x.minute === m);
        return {
          minute: formatIct(m * 60_000),
          calls: b?.calls ?? 0,
          failures: (b?.failures ?? 0) + (b?.timeouts ?? 0),
          p50: b
            ? percentile(
                [...b.latencies].sort((x, y) => x - y),
                0.5,
              )
            : null,
        };
      }),
      lastError: this.lastError && { kind: this.lastError.kind, at: formatIct(this.lastError.at) },
      lastSuccessAt: this.lastSuccessAt === null ? null : formatIct(this.lastSuccessAt),
      probe: this.probe,
    };
  }

  private bucket(now: number): MinuteBucket {
    const minute = Math.floor(now / 60_000);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.minute !== minute) {
      bucket = { minute, ...empty(), latencies: [] };
      this.buckets.push(bucket);
      while (this.buckets.length > MINUTES) this.buckets.shift();
    }
    return bucket;
  }
}

function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/**
 * The operators' view of the adapters in this process: breaker state and since when, counts over
 * the last minute and 15 minutes, latency percentiles, the last error and success, and a periodic
 * health probe of each platform (outside the breaker: a diagnosis, not traffic).
 */
export class AdapterMonitor {
  private readonly stats = new Map<string, InstanceStats>();
  private probeTimer?: NodeJS.Timeout;

  constructor(
    events: GatewayEvents,
    private readonly router: AdapterRouter,
    private readonly metrics: GatewayMetrics | undefined,
    private readonly now: () => number = Date.now,
  ) {
    for (const guard of router.guards()) {
      const stats = new InstanceStats(now());
      this.stats.set(guard.instance, stats);
      guard.on('state', (state) => {
        if (state !== stats.state) {
          stats.state = state;
          stats.stateSince = this.now();
        }
        metrics?.setBreakerState(guard.instance, state);
      });
    }
    events.on('adapter-call', (call) => this.stats.get(call.instance)?.record(call, this.now()));
    events.on('fallback', ({ instance }) => this.stats.get(instance)?.fallback(this.now()));
    events.on('shielded', ({ instance, how }) => this.stats.get(instance)?.spared(how, this.now()));
  }

  views(): AdapterView[] {
    return this.router
      .guards()
      .map((guard) => (this.stats.get(guard.instance) as InstanceStats).view(guard.instance, guard.held, guard.quietUntil, this.now()));
  }

  guard(instance: string): GuardedLookup | undefined {
    return this.router.guards().find((g) => g.instance === instance);
  }

  /** Probes every platform now, and then every `intervalMs` (0: never again). */
  startProbes(intervalMs: number): void {
    void this.probeAll();
    if (intervalMs > 0) {
      this.probeTimer = setInterval(() => void this.probeAll(), intervalMs);
      this.probeTimer.unref();
    }
  }

  async probeAll(): Promise<void> {
    await Promise.all(
      this.router.guards().map(async (guard) => {
        const result = await this.router.probe(guard.instance);
        (this.stats.get(guard.instance) as InstanceStats).probe = { ...result, at: formatIct(this.now()) };
      }),
    );
  }

  stop(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
  }
}
