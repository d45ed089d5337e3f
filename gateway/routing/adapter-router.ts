import {
  timeoutSignal,
  UpstreamError,
  type AdapterInstance,
  type AdapterRegistry,
  type LookupClient,
  type LookupSubject,
  type QrReference,
} from '../../adapters';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { formatIct } from '../normalize/dates';
import type { LastGoodAnswers } from '../store/last-good-answers';
import { StoreUnavailable } from '../store/store-errors';
import type { Deadline } from './deadline';
import type { GatewayEvents } from '../operations/gateway-events';
import { GuardedLookup, type SourceOutcome } from './guarded-lookup';

/**
 * How a source did for a scan: a call's outcome, or one of the two ways the gateway spared the
 * platform a call. `fresh-cache`: the platform's own answer for this subject, received within its
 * freshness window, used as it is (with its age). `budget-exhausted`: the instance's rate budget
 * for this second was spent, so it was not called; what the gateway holds is served stale, and
 * with nothing held the source is unreachable, never "not found". A closed set.
 */
export type ReportOutcome = SourceOutcome | 'fresh-cache' | 'budget-exhausted';

/** Whether the platform said what it holds (now, or within its freshness window): nothing else may count as "no record". */
export function platformAnswered(outcome: ReportOutcome): boolean {
  return outcome === 'answered' || outcome === 'not-found' || outcome === 'fresh-cache';
}

/** What one source gave a scan: the outcome, and a declaration (live, fresh, or stale from the last good answer). */
export interface SourceReport {
  instance: string;
  outcome: ReportOutcome;
  latencyMs: number;
  stale: boolean;
  ageSeconds?: number;
  detail?: string;
  declaration?: CanonicalDeclaration;
}

interface Route {
  adapter: AdapterInstance;
  client: LookupClient;
  guard: GuardedLookup;
}

/**
 * Routes lookups to the platform instances, each through its own guarded lookup (breaker,
 * bulkhead, timeout, retry), maps what comes back, keeps the last good answer per instance and
 * subject, and serves it, marked stale with its age, when the live call fails.
 */
export class AdapterRouter {
  private readonly routes = new Map<string, Route>();

  constructor(
    registry: AdapterRegistry,
    private readonly lastGood: LastGoodAnswers,
    private readonly events?: GatewayEvents,
    private readonly now: () => number = Date.now,
  ) {
    for (const adapter of registry.list()) {
      const client = adapter.createClient();
      if (!client) continue;
      this.routes.set(adapter.name, { adapter, client, guard: new GuardedLookup(adapter.name, adapter.breaker, now) });
    }
  }

  /** The instances that can be asked (those configured with a lookup API). */
  canAsk(instance: string): boolean {
    return this.routes.has(instance);
  }

  guards(): GuardedLookup[] {
    return [...this.routes.values()].map((r) => r.guard);
  }

  /** The record a platform QR names. */
  byRecord(reference: QrReference, deadline: Deadline): Promise<SourceReport> {
    const route = this.routes.get(reference.instance);
    if (!route)
      return Promise.resolve({ instance: reference.instance, outcome: 'error', latencyMs: 0, stale: false, detail: 'no-lookup-api' });
    return this.ask(
      route,
      `record:${reference.scope ?? ''}:${reference.recordId}`,
      (signal) => route.client.byRecord(reference.recordId, reference.scope, signal),
      deadline,
    );
  }

  /** A citizen's newest record on one instance. */
  latest(instance: string, subject: LookupSubject, citizenId: string, deadline: Deadline): Promise<SourceReport> {
    const route = this.routes.get(instance) as Route;
    return this.ask(route, `citizen:${citizenId}`, (signal) => route.client.latest(subject, signal), deadline);
  }

  /**
   * A health probe: a lookup of a record that does not exist, straight to the platform (not through
   * the breaker, and not counted), with twice the instance's timeout. Not found means up.
   */
  async probe(instance: string): Promise<{ status: 'up' | 'down'; latencyMs: number; detail?: string }> {
    const route = this.routes.get(instance) as Route;
    const started = this.now();
    try {
      await route.client.byRecord('HEALTHPROBE000000', 'probe', timeoutSignal(route.guard.settings.timeoutMs * 2));
      return { status: 'up', latencyMs: this.now() - started };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { status: 'down', latencyMs: this.now() - started, detail: error.kind };
    }
  }

  shutdown(): void {
    for (const { guard } of this.routes.values()) guard.shutdown();
  }

  private async ask(route: Route, subject: string, run: Parameters<GuardedLookup['call']>[0], deadline: Deadline): Promise<SourceReport> {
    const instance = route.adapter.name;
    const result = await route.guard.call(run, deadline);
    const failure = result.outcome === 'answered' || result.outcome === 'not-found' ? undefined : result;
    this.events?.emit('adapter-call', {
      instance,
      outcome: result.outcome,
      latencyMs: result.latencyMs,
      // An answer's detail too: `gateway-delay`, which the operators count.
      detail: result.detail,
      rejected: failure?.rejected ?? false,
    });
    if (result.outcome === 'answered') {
      const mapped = route.adapter.toCanonical(result.native, formatIct(this.now()));
      if (mapped.ok) {
        // Not awaited: a scan does not wait for a cache write. A store away only loses this cache entry.
        this.lastGood.put(instance, subject, { declaration: mapped.declaration, receivedAt: this.now() }).catch((error: unknown) => {
          if (!(error instanceof StoreUnavailable)) this.events?.emit('defect', { where: 'last good answer', error });
        });
        return { instance, outcome: 'answered', latencyMs: result.latencyMs, stale: false, declaration: mapped.declaration };
      }
      return { instance, outcome: 'error', latencyMs: result.latencyMs, stale: false, detail: 'unmappable' };
    }
    const base: SourceReport = { instance, outcome: result.outcome, latencyMs: result.latencyMs, stale: false, detail: failure?.detail };
    if (result.outcome === 'not-found') return base;
    const cached = await deadline.within(this.lastGood.get(instance, subject));
    if (!cached?.declaration) return base;
    this.events?.emit('fallback', { instance });
    return { ...base, stale: true, ageSeconds: Math.round((this.now() - cached.receivedAt) / 1000), declaration: cached.declaration };
  }
}
