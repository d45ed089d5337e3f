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
import { DEFAULT_RETENTION_DAYS, Retention } from '../domain/retention';
import { formatIct } from '../normalize/dates';
import type { LastGoodAnswer, LastGoodAnswers } from '../store/last-good-answers';
import { StoreUnavailable } from '../store/store-errors';
import type { CallDeadline, Deadline } from './deadline';
import type { GatewayEvents } from '../operations/gateway-events';
import { ageSeconds, isFresh, keptUntil } from './freshness';
import { GuardedLookup, type SourceOutcome } from './guarded-lookup';
import { answerDigest, HeldAnswers } from './held-answers';
import { MemoryPlatformBudgets, type PlatformBudgets } from './platform-budget';
import { SingleFlight } from './single-flight';

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
  /** Its freshness window: its own `freshnessSeconds`, else VERIFY_FRESHNESS_SECONDS (0: off). */
  freshnessMs: number;
  /** Calls a second, counted by every process: its own `rateBudgetPerSecond`, else its platform's; none for most. */
  budgetPerSecond?: number;
}

/** How the router spares the platforms: the freshness window, the rate budgets, and retention for what it holds. */
export interface ShieldSettings {
  /** VERIFY_FRESHNESS_SECONDS: an instance's window unless its own `freshnessSeconds` says otherwise (0: off). */
  freshnessSeconds: number;
  budgets: PlatformBudgets;
  retention: Retention;
}

/**
 * An unchanged answer is written again to the shared last-good copy at most this often: its age,
 * served stale from another process, is then at most this much older than the truth.
 */
const LAST_GOOD_REWRITE_MS = 60_000;

/**
 * The most lookups of one citizen on one instance a scan makes: a citizen given many documents (by
 * partners that may add any) never costs a platform more than this a scan.
 */
export const MAX_WAYS = 3;

/**
 * The most ways of one citizen on one instance whose last answers a scan weighs (MAX_WAYS of them
 * asked, the rest served stale): past it, a citizen given ever more documents costs no more reads.
 */
export const MAX_WAYS_HELD = 8;

/**
 * What names a way among a citizen's answers: its identifier. In this process's maps only; the
 * shared last-good copy names it by a keyed hash (last-good-answers.ts), as any subject not the
 * citizen's alone.
 */
function wayName(way: LookupSubject): string {
  const id = way.documents[0] ?? way.platformIds[0];
  // A platform id asked under one scope (a Zalo user under one account) is a way of its own in each.
  const scope = way.documents.length === 0 && way.platformIds.length > 0 && way.scopes.length === 1 ? `@${way.scopes[0]}` : '';
  return id ? `${id.system}:${id.value}${scope}` : `phone:${way.phones[0] ?? ''}`;
}

/**
 * How a citizen's answers are held (and named in the shared last-good copy): `citizen:<id>` when one
 * way is all they are asked by, `citizen:<id>|<way>` for each of several (fallback reads the former
 * for a way that has none).
 */
function heldSubject(citizenId: string, way?: string): string {
  return way === undefined ? `citizen:${citizenId}` : `citizen:${citizenId}|${way}`;
}

/**
 * Routes lookups to the platform instances, each through its own guarded lookup (breaker,
 * bulkhead, timeout, retry), maps what comes back, keeps the last good answer per instance and
 * subject, and serves it, marked stale with its age, when the live call fails. And spares the
 * platforms what a checkpoint surge would cost them: a citizen's answer within the instance's
 * freshness window is used without a call (`fresh-cache`); concurrent asks for the same subject
 * share one call (single flight); past an instance's rate budget nothing is sent, and what the
 * gateway holds is served stale (`budget-exhausted`).
 */
export class AdapterRouter {
  private readonly routes = new Map<string, Route>();
  private readonly held = new HeldAnswers();
  private readonly flights = new SingleFlight<SourceReport>();
  /** Lookups of several ways so far: where their order turns (latestEach). */
  private turns = 0;
  private readonly shield: ShieldSettings;

  constructor(
    registry: AdapterRegistry,
    private readonly lastGood: LastGoodAnswers,
    private readonly events?: GatewayEvents,
    private readonly now: () => number = Date.now,
    shield: Partial<ShieldSettings> = {},
  ) {
    this.shield = {
      freshnessSeconds: 0,
      budgets: new MemoryPlatformBudgets(),
      retention: new Retention(DEFAULT_RETENTION_DAYS),
      ...shield,
    };
    for (const adapter of registry.list()) {
      const client = adapter.createClient();
      if (!client) continue;
      this.routes.set(adapter.name, {
        adapter,
        client,
        guard: new GuardedLookup(adapter.name, adapter.breaker, now),
        freshnessMs: (adapter.config.freshnessSeconds ?? this.shield.freshnessSeconds) * 1000,
        budgetPerSecond: adapter.rateBudgetPerSecond,
      });
    }
  }

  /** The instances that can be asked (those configured with a lookup API). */
  canAsk(instance: string): boolean {
    return this.routes.has(instance);
  }

  guards(): GuardedLookup[] {
    return [...this.routes.values()].map((r) => r.guard);
  }

  /**
   * The record a platform QR names. Never from the freshness window: the scan stores and joins
   * what a live answer brings, and the platform's word on one record is not a citizen's last answer.
   */
  byRecord(reference: QrReference, deadline: Deadline): Promise<SourceReport> {
    const route = this.routes.get(reference.instance);
    if (!route)
      return Promise.resolve({ instance: reference.instance, outcome: 'error', latencyMs: 0, stale: false, detail: 'no-lookup-api' });
    return this.ask(
      route,
      `record:${reference.scope ?? ''}:${reference.recordId}`,
      (signal) => route.client.byRecord(reference.recordId, reference.scope, signal),
      deadline,
      false,
    );
  }

  /**
   * A citizen's newest records on one instance: one lookup per way its client asks by (each of
   * their documents, each device: LookupClient.ways), at most MAX_WAYS, each a source of its own with
   * its own call, breaker count, budget, timeout, freshness window and last answer. A platform keeps
   * a person's records under each document they declared with, each with its own newest: asked by
   * the first alone, a newer red kept under the CMND was missed. The ways go stalest first (never
   * answered, then the oldest answer held here), so that a rate budget or MAX_WAYS leaves out the
   * ones asked most recently, and every way is asked in turn: in a fixed order the first took a
   * budget of one a second every second, and a red under the last was never seen. A way left out is
   * a source that did not answer (`not-all-asked`, `budget-exhausted`), served its last answer stale,
   * never "not found" (before, a red seen a minute earlier under a way left out went).
   */
  async latestEach(instance: string, subject: LookupSubject, citizenId: string, deadline: Deadline): Promise<SourceReport[]> {
    const route = this.routes.get(instance) as Route;
    const ways = route.client.ways?.(subject);
    // A client that lists its ways and has none for this citizen (tokhaiyte, for one known without a
    // document) is not asked: a source that did not answer, served its last answer, never "not found".
    if (ways?.length === 0) return [await this.lastAnswer(unasked(instance, 'not-asked'), citizenId, deadline)];
    if (ways === undefined || ways.length === 1) return [await this.latest(instance, ways?.[0] ?? subject, citizenId, deadline)];
    const now = this.now();
    // Held answers last a minute in this process only: among the ways without one, the order turns
    // with each lookup of several ways, so that scans further apart than that still ask every way in
    // turn (else the same three were asked every time, and a red under a fourth never seen).
    const listed = ways.slice(0, MAX_WAYS_HELD);
    const turn = this.turns++ % listed.length;
    const named = [...listed.slice(turn), ...listed.slice(0, turn)].map((way) => ({ way, name: wayName(way) }));
    const heldOf = ({ name }: { name: string }) => this.held.get(`${instance}\n${heldSubject(citizenId, name)}`, now);
    // Stable: among ways without an answer held here, the turning order above.
    const stalestFirst = named
      .map((each) => ({ ...each, held: heldOf(each) }))
      .sort((a, b) => (a.held?.receivedAt ?? -Infinity) - (b.held?.receivedAt ?? -Infinity) || 0);
    const reports = await Promise.all(
      stalestFirst.map(({ way, name, held }, i) =>
        // A way left out whose answer is within its freshness window is that answer (fresh-cache), no call either way.
        i < MAX_WAYS || (held !== undefined && isFresh(held, route.freshnessMs, now))
          ? this.latest(instance, way, citizenId, deadline, name)
          : this.lastAnswer(unasked(instance, 'not-all-asked'), citizenId, deadline, name),
      ),
    );
    // The ways past MAX_WAYS_HELD are neither asked nor read: one source says so (a red filed only
    // under one of them would otherwise be a silent green: its answer listed nothing left out).
    return ways.length > MAX_WAYS_HELD ? [...reports, unasked(instance, 'not-all-asked')] : reports;
  }

  /**
   * A citizen's newest record on one instance, by one way (`way` names it when the citizen has
   * several there: each way's answers are held apart, whatever order the ways come in): within its
   * freshness window, the last answer, without a call.
   */
  latest(instance: string, subject: LookupSubject, citizenId: string, deadline: Deadline, way?: string): Promise<SourceReport> {
    const route = this.routes.get(instance) as Route;
    // Not asked is not "not found": a subject the platform cannot be asked by (a Zalo user with no
    // account seen on the forms a scan read) is a source that did not answer, served its last answer
    // as any such; never sent, so never budgeted, counted or a breaker's call.
    if (route.client.canAsk?.(subject) === false) return this.lastAnswer(unasked(instance, 'not-asked'), citizenId, deadline);
    return this.ask(route, heldSubject(citizenId, way), (signal) => route.client.latest(subject, signal), deadline, true);
  }

  /**
   * A citizen's last answer on an instance that did not answer them (a platform code's own
   * platform, down; a subject it cannot be asked by), served stale without calling it: what a
   * fallback serves. `failed` as it stands when nothing is held.
   */
  lastAnswer(failed: SourceReport, citizenId: string, deadline: Deadline, way?: string): Promise<SourceReport> {
    const route = this.routes.get(failed.instance) as Route;
    const held = heldSubject(citizenId, way);
    return this.fallback(failed, `${failed.instance}\n${held}`, held, deadline, route.freshnessMs);
  }

  /**
   * The citizen's last answers on an instance that did not answer them, one for each way it asks
   * them by (latestEach): a platform code's platform down must weigh the red its CMND's lookup last
   * gave, as the unified code does, not only the first way's answer.
   */
  lastAnswerEach(failed: SourceReport, subject: LookupSubject, citizenId: string, deadline: Deadline): Promise<SourceReport[]> {
    const route = this.routes.get(failed.instance) as Route;
    const ways = route.client.ways?.(subject) ?? [];
    if (ways.length <= 1) return this.lastAnswer(failed, citizenId, deadline).then((last) => [last]);
    return Promise.all(ways.slice(0, MAX_WAYS_HELD).map((way) => this.lastAnswer(failed, citizenId, deadline, wayName(way))));
  }

  /**
   * A health probe: a lookup of a record that does not exist, straight to the platform (not through
   * the breaker, and not counted), with twice the instance's timeout. Not found means up.
   */
  async probe(instance: string): Promise<{ status: 'up' | 'down'; latencyMs: number; detail?: string }> {
    const route = this.routes.get(instance) as Route;
    const started = this.now();
    try {
      const signal = timeoutSignal(route.guard.settings.timeoutMs * 2);
      await (route.client.probe?.(signal) ?? route.client.byRecord('HEALTHPROBE000000', 'probe', signal));
      return { status: 'up', latencyMs: this.now() - started };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { status: 'down', latencyMs: this.now() - started, detail: error.kind };
    }
  }

  /** Stops the breakers' timers and closes each platform client's connections (the gateway's stop, after its drain). */
  async shutdown(): Promise<void> {
    for (const { guard } of this.routes.values()) guard.shutdown();
    await Promise.all([...this.routes.values()].map(({ client }) => client.close?.() ?? Promise.resolve()));
  }

  /** Calls in flight now, each shared by the scans asking for its subject. */
  get inFlight(): number {
    return this.flights.size;
  }

  private async ask(route: Route, subject: string, run: Run, deadline: Deadline, mayBeFresh: boolean): Promise<SourceReport> {
    const instance = route.adapter.name;
    // Never a personal datum in a name that leaves the process: this key stays in its maps.
    const key = `${instance}\n${subject}`;
    const started = this.now();
    // An operator holding the instance's breaker open means "do not ask it": every scan says so
    // (breaker-open, what is held served stale with its age by the fallback), never fresh-cache, so
    // the hold reads the same in the answers within the window as past it.
    const held = mayBeFresh && !route.guard.held ? this.held.get(key, started) : undefined;
    if (held && isFresh(held, route.freshnessMs, started)) {
      this.events?.emit('shielded', { instance, how: 'fresh-cache' });
      const age = ageSeconds(held.receivedAt, started);
      return { instance, outcome: 'fresh-cache', latencyMs: 0, stale: false, ageSeconds: age, ...declared(held.declaration) };
    }
    const joined = await this.flights.run(key, deadline, (shared) => this.call(route, key, subject, run, shared));
    if (joined?.shared) this.events?.emit('shielded', { instance, how: 'shared' });
    // Gone without this scan: its deadline came while other scans still wait for the call.
    const report = !joined
      ? deadlineReport(instance, this.now() - started)
      : joined.shared
        ? { ...joined.value, latencyMs: this.now() - started }
        : joined.value;
    if (platformAnswered(report.outcome)) return report;
    return this.fallback(report, key, subject, deadline, mayBeFresh ? route.freshnessMs : 0);
  }

  /** The one call of a flight: within the instance's rate budget, through its guarded lookup; what it brings is held. */
  private async call(route: Route, key: string, subject: string, run: Run, deadline: CallDeadline): Promise<SourceReport> {
    const instance = route.adapter.name;
    // Every call sent takes from the budget, a retry too (guarded-lookup asks before one).
    const withinBudget = async () =>
      route.budgetPerSecond === undefined || (await this.shield.budgets.take(instance, route.budgetPerSecond, this.now()));
    // No await without a budget: the call starts in this turn, as it always did. A call the guard
    // refuses unsent (held open, quiet, breaker open) takes nothing from the budget, which every
    // process shares: one process's open breaker spent it, and starved the others of a platform
    // that answered them.
    if (route.budgetPerSecond !== undefined && !route.guard.sendsNothingWithin(deadline.remainingMs()) && !(await withinBudget())) {
      this.events?.emit('shielded', { instance, how: 'budget-refused' });
      return { instance, outcome: 'budget-exhausted', latencyMs: 0, stale: false };
    }
    const result = await route.guard.call(run, deadline, withinBudget);
    const failure = result.outcome === 'answered' || result.outcome === 'not-found' ? undefined : result;
    this.events?.emit('adapter-call', {
      instance,
      outcome: result.outcome,
      latencyMs: result.latencyMs,
      // An answer's detail too: `gateway-delay`, which the operators count.
      detail: result.detail,
      rejected: failure?.rejected ?? false,
      // The platform's own time for the call, when any attempt reached it (its latency is of those).
      sentMs: result.sentMs,
    });
    if (result.outcome === 'answered') {
      const digest = result.text === undefined ? undefined : answerDigest(result.text);
      const declaration = this.mapped(route, key, result.native, digest);
      if (declaration) {
        this.hold(route, key, subject, declaration, digest);
        return { instance, outcome: 'answered', latencyMs: result.latencyMs, stale: false, declaration };
      }
      return { instance, outcome: 'error', latencyMs: result.latencyMs, stale: false, detail: 'unmappable' };
    }
    if (result.outcome === 'not-found') this.hold(route, key, subject, null);
    return { instance, outcome: result.outcome, latencyMs: result.latencyMs, stale: false, detail: failure?.detail };
  }

  /**
   * A platform's answer as a canonical declaration (undefined when it cannot be mapped). An answer
   * whose text is the one held for this subject is the same record: its held declaration is used,
   * stamped with this arrival, instead of mapping and checking it again. That is what mapping it
   * would give: a mapping reads only the record, the instance's configuration and the arrival, and
   * the arrival only bounds the record's times from above (nothing after it, but the clock skew), so
   * a record accepted earlier is accepted now, and only `source.receivedAt` differs. That holds
   * only while arrivals move forward: after the clock stepped back (an NTP step) past the held
   * arrival, the record may now lie further ahead than the skew allows, which only a mapping can
   * tell, so it is mapped again.
   */
  private mapped(route: Route, key: string, native: unknown, digest: string | undefined): CanonicalDeclaration | undefined {
    const now = this.now();
    const receivedAt = formatIct(now);
    const same = digest === undefined ? undefined : this.held.sameAnswer(key, digest, now);
    if (same?.declaration && same.receivedAt <= now) return { ...same.declaration, source: { ...same.declaration.source, receivedAt } };
    const mapped = route.adapter.toCanonical(native, receivedAt);
    return mapped.ok ? mapped.declaration : undefined;
  }

  /**
   * Holds a platform's answer in this process (the freshness window's copy, bounded by the
   * declaration's retention), and writes it to the shared last-good copy only when it says
   * something new, or was last written a minute ago: not once per answered call.
   */
  private hold(route: Route, key: string, subject: string, declaration: CanonicalDeclaration | null, digest?: string): void {
    const now = this.now();
    const holdMs = Math.max(route.freshnessMs, LAST_GOOD_REWRITE_MS);
    const answer = { declaration, receivedAt: now, keptUntil: keptUntil(declaration, now, holdMs, this.shield.retention) };
    if (!this.held.hold(key, answer, now, LAST_GOOD_REWRITE_MS, digest) || !declaration) return;
    // Not awaited: a scan does not wait for a cache write. A store away only loses this cache entry.
    this.lastGood.put(route.adapter.name, subject, { declaration, receivedAt: now }).catch((error: unknown) => {
      if (!(error instanceof StoreUnavailable)) this.events?.emit('defect', { where: 'last good answer', error });
    });
  }

  /**
   * A source that could not be asked: the last answer it gave, served stale with its age: the newer
   * of this process's copy and the shared one, since another process may have heard the platform
   * since (an older answer could be green where the newer is red). Read only when a source failed.
   * A platform that last said it holds nothing gives no stale declaration: the source stays
   * unreachable, never "not found".
   *
   * This process's copy within the freshness window (`freshnessMs`, 0 for a record lookup) is
   * served without the shared read: it is what a scan would be given as fresh-cache, unasked,
   * were the breaker not held open, so a newer answer another process heard within the window
   * would be missed there too (the window is per process). Without this, every scan of an
   * instance an operator holds open read Redis within the window: one GET a scan, outside the
   * single flight, during a surge. Past the window both copies are read, as above.
   */
  private async fallback(
    report: SourceReport,
    key: string,
    subject: string,
    deadline: Deadline,
    freshnessMs: number,
  ): Promise<SourceReport> {
    const now = this.now();
    // A way's subject (`citizen:<id>|<way>`) falls back on the citizen's answer from when one way was
    // all the gateway asked them by (`citizen:<id>`): a second document or device must not orphan it.
    const bar = subject.indexOf('|');
    const former = bar < 0 ? undefined : subject.slice(0, bar);
    const held = this.held.get(key, now) ?? (former === undefined ? undefined : this.held.get(`${report.instance}\n${former}`, now));
    const fresh = held !== undefined && isFresh(held, freshnessMs, now);
    const shared = fresh ? undefined : await deadline.within(this.sharedAnswer(report.instance, subject, former));
    const cached = shared && (!held || shared.receivedAt > held.receivedAt) ? shared : held;
    if (!cached?.declaration) return report;
    this.events?.emit('fallback', { instance: report.instance });
    return { ...report, stale: true, ageSeconds: ageSeconds(cached.receivedAt, now), declaration: cached.declaration };
  }
  /** The shared last-good copy for a subject, or, for a way without one, the citizen's former one-way copy (read together). */
  private async sharedAnswer(instance: string, subject: string, former: string | undefined): Promise<LastGoodAnswer | undefined> {
    if (former === undefined) return this.lastGood.get(instance, subject);
    const [own, before] = await Promise.all([this.lastGood.get(instance, subject), this.lastGood.get(instance, former)]);
    return own ?? before;
  }
}

type Run = Parameters<GuardedLookup['call']>[0];

/**
 * A source the router did not ask: no way to ask the citizen by (`not-asked`), or a way of theirs
 * left out this scan (`not-all-asked`: past MAX_WAYS, or past MAX_WAYS_HELD and not even read). It
 * did not answer, never "not found".
 */
function unasked(instance: string, detail: 'not-asked' | 'not-all-asked'): SourceReport {
  return { instance, outcome: 'error', latencyMs: 0, stale: false, detail };
}

/** A report's declaration, when there is one (a not-found has none). */
function declared(declaration: CanonicalDeclaration | null): { declaration?: CanonicalDeclaration } {
  return declaration ? { declaration } : {};
}

/** What a scan whose deadline came while others waited for the shared call reports: a timeout of its own, as an unshared call's would be. */
function deadlineReport(instance: string, latencyMs: number): SourceReport {
  return { instance, outcome: 'timeout', latencyMs, stale: false, detail: 'deadline' };
}
