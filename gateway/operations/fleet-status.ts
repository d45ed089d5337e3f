import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { formatIct } from '../normalize/dates';
import type { RedisCommands } from '../store/redis-connection';
import { isRedisFailure, redisCall } from '../store/redis-failures';
import type { AdapterMonitor, AdapterView, Counts } from './adapter-monitor';

export interface ProcessView {
  processId: string;
  self: boolean;
  reportedAt: string;
  adapters: AdapterView[];
}

/** How often a process publishes its view and reads the operators' overrides. */
const HEARTBEAT_MS = 3000;
/** A process not heard from for this long is gone. */
const STALE_MS = 15_000;

/**
 * Every gateway process's view of its breakers, so an operator sees all of them, not only the
 * process they happened to reach. With Redis, each process publishes its view on a heartbeat
 * (a key with a TTL, and its id in a sorted set by time) and applies the operators' hand-set
 * breaker states, which are kept in Redis too, so that "open" on the dashboard opens the breaker
 * on every process. Without Redis there is one process, and this is its own view.
 */
export class FleetStatus {
  readonly processId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private timer?: NodeJS.Timeout;
  /** The last override applied per instance, so each operator action is applied once per process. */
  private readonly applied = new Map<string, string>();

  constructor(
    private readonly monitor: AdapterMonitor,
    private readonly redis: RedisCommands | undefined,
    private readonly prefix: string,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (!this.redis) return;
    const beat = () => this.beat().catch((error: unknown) => this.log.error({ err: error }, 'fleet heartbeat failed'));
    void beat();
    this.timer = setInterval(() => void beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** This process's view, now, without the store (readiness reads only it). */
  ownView(): ProcessView {
    return { processId: this.processId, self: true, reportedAt: formatIct(this.now()), adapters: this.monitor.views() };
  }

  /** Every live process's view, this one first and always current. */
  async views(): Promise<ProcessView[]> {
    const own = this.ownView();
    if (!this.redis) return [own];
    const redis = this.redis;
    try {
      const ids = (await redis.zRangeByScore(this.key('processes'), this.now() - STALE_MS, '+inf')).filter((id) => id !== this.processId);
      const others = await Promise.all(ids.map(async (id) => redis.get(this.key(`view:{${id}}`))));
      return [own, ...others.filter((v): v is string => v !== null).map((v) => otherView(JSON.parse(v) as ProcessView))];
    } catch (error) {
      if (!isRedisFailure(error)) throw error;
      // Redis away: this process's own view is still true, and worth showing.
      this.log.warn({ err: (error as Error).message }, 'fleet view without the other processes: redis failed');
      return [own];
    }
  }

  /**
   * Sets an operator's breaker action for every process: written for the others first (they apply it
   * on their next heartbeat), then applied here. Redis failing is StoreUnavailable (a 503) and changes
   * nothing: applied here first, a hold no other process would learn of stayed on this one, unaudited.
   */
  async apply(instance: string, action: 'open' | 'close' | 'reset'): Promise<void> {
    if (this.redis) {
      const value = `${action} ${this.now()} ${this.processId}`;
      // An open holds until an operator closes it; a close or reset only needs to reach every process once.
      await redisCall(() =>
        (this.redis as RedisCommands).set(this.key(`override:{${instance}}`), value, action === 'open' ? {} : { EX: 60 }),
      );
      this.applied.set(instance, value);
    }
    this.monitor.guard(instance)?.apply(action);
  }

  private async beat(): Promise<void> {
    const redis = this.redis as RedisCommands;
    try {
      const view: ProcessView = {
        processId: this.processId,
        self: false,
        reportedAt: formatIct(this.now()),
        adapters: this.monitor.views(),
      };
      await redis.set(this.key(`view:{${this.processId}}`), JSON.stringify(view), { EX: Math.ceil(STALE_MS / 1000) });
      await redis.zAdd(this.key('processes'), { score: this.now(), value: this.processId });
      await redis.zRemRangeByScore(this.key('processes'), '-inf', this.now() - STALE_MS);
      for (const adapter of view.adapters) await this.follow(adapter);
    } catch (error) {
      if (!isRedisFailure(error)) throw error;
      // Redis away: the next beat tries again; the connection's own errors are logged where it is made.
    }
  }

  /** Applies an operator's action taken on another process, once. */
  private async follow(adapter: AdapterView): Promise<void> {
    const override = await (this.redis as RedisCommands).get(this.key(`override:{${adapter.instance}}`));
    if (!override || this.applied.get(adapter.instance) === override) return;
    this.applied.set(adapter.instance, override);
    this.monitor.guard(adapter.instance)?.apply(override.split(' ')[0] as 'open' | 'close' | 'reset');
  }

  private key(name: string): string {
    return `${this.prefix}ops:${name}`;
  }
}

/**
 * Another process's view as this release answers it: one of an older release (a rolling deploy)
 * lacks quietUntil, and the refused requests among its counts (counted as failures there).
 */
function otherView(view: ProcessView): ProcessView {
  return {
    ...view,
    self: false,
    adapters: view.adapters.map((adapter) => ({
      ...adapter,
      quietUntil: adapter.quietUntil ?? null,
      ...(adapter.lastMinute && { lastMinute: withRefused(adapter.lastMinute) }),
      ...(adapter.last15Minutes && { last15Minutes: withRefused(adapter.last15Minutes) }),
    })),
  };
}

function withRefused(counts: Counts): Counts {
  return { ...counts, refused: counts.refused ?? 0 };
}
