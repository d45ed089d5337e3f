import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { projectPath } from '../project-paths';
import type { BreakerState } from '../routing/guarded-lookup';
import type { GatewayEventMap, GatewayEvents } from './gateway-events';
import { RATE_CLASSES } from '../limits/rate-classes';

/** A breaker's states as label values, spelled as Resilience4j exports them (one series per state). */
const BREAKER_STATE_LABEL: Record<BreakerState, string> = { closed: 'closed', 'half-open': 'half_open', open: 'open' };

/**
 * prom-client's default gauges that end in `_total` (a counter's suffix: `promtool check metrics`
 * flags them). The same counts stay exported by type as nodejs_active_handles, _requests, _resources.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** What `vnhc_build_info` says of the running build. */
export interface BuildInfo {
  /** The git revision the image was built from (BUILD_REVISION), or `unknown`. */
  revision?: string;
}

/**
 * Every Prometheus metric of the gateway, owned here and fed by the domain's events. Label values
 * come from closed sets only (routes as templates, instances from configuration, outcomes, statuses,
 * reason codes), never from request data, so the series count is bounded and no label carries
 * personal data. One registry per gateway, not prom-client's global one.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'vnhc_http_requests_total',
    help: 'HTTP requests by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'vnhc_http_request_duration_seconds',
    help: 'HTTP request latency by route template and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.8, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly adapterCalls = new Counter({
    name: 'vnhc_adapter_calls_total',
    help: 'Calls to platform instances by outcome.',
    labelNames: ['instance', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly adapterDuration = new Histogram({
    name: 'vnhc_adapter_call_duration_seconds',
    help: "Platform instances' own time for a call: its attempts that reached the platform, without the pauses between them (a call turned away before any attempt is not timed).",
    labelNames: ['instance', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.8, 1, 2],
    registers: [this.registry],
  });
  readonly gatewayDelays = new Counter({
    name: 'vnhc_adapter_gateway_delays_total',
    help: "Answers read after their breaker's timer, which ran late behind the gateway's own held event loop (CPU starved): timeouts by the clock, not counted against the platform.",
    labelNames: ['instance'] as const,
    registers: [this.registry],
  });
  readonly breakerState = this.gauge(
    'vnhc_adapter_breaker_state',
    "Breaker state per instance, one series per state (closed, open, half_open): 1 for the breaker's current state, 0 for the others.",
    ['instance', 'state'],
  );
  readonly buildInfo = this.gauge(
    'vnhc_build_info',
    'Always 1: the running version (package.json), Node.js version and git revision as labels.',
    ['version', 'node_version', 'revision'],
  );
  readonly storeWritable = this.gauge(
    'vnhc_store_writable',
    "1 while the readiness probe's last write reached every Redis primary (the store, without Redis) within its budget, 0 since one failed.",
    [],
  );
  readonly jwksReads = this.counter(
    'vnhc_auth_jwks_reads_total',
    "Reads of the identity provider's key set (AUTH_JWKS_URL or AUTH_JWKS_FILE): read (a set taken in) or failed (unreachable, timed out, or not a key set).",
    ['outcome'],
  );
  readonly heapLimit = new Gauge({
    name: 'vnhc_nodejs_heap_size_limit_bytes',
    help: "V8's heap size limit (--max-old-space-size and the young generation), against which nodejs_heap_size_used_bytes is read.",
    registers: [this.registry],
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  });
  readonly ingested = new Counter({
    name: 'vnhc_declarations_ingested_total',
    help: 'Declarations by instance and result (created, replayed, refused, conflict).',
    labelNames: ['instance', 'result'] as const,
    registers: [this.registry],
  });
  readonly refusalReasons = new Counter({
    name: 'vnhc_refusal_reasons_total',
    help: 'Reasons of refused records, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly scans = new Counter({
    name: 'vnhc_scans_total',
    help: 'Checkpoint scans by status and QR kind.',
    labelNames: ['status', 'qr_kind'] as const,
    registers: [this.registry],
  });
  readonly joins = new Counter({
    name: 'vnhc_identity_joins_total',
    help: 'Stored records by how they found their citizen (new-citizen counts new citizens).',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });
  readonly newCitizens = new Counter({ name: 'vnhc_citizens_created_total', help: 'New citizens.', registers: [this.registry] });
  readonly tracingQueries = this.counter(
    'vnhc_tracing_queries_total',
    'Contact-tracing queries by purpose (contact-tracing, outbreak-investigation, other: refused) and result (answered, refused).',
    ['purpose', 'result'],
  );
  readonly tracingContacts = this.counter(
    'vnhc_tracing_contact_reads_total',
    "Reads of a tracing query's contacts by result (answered, not-found: unknown, expired or another caller's query).",
    ['result'],
  );
  readonly checkins = new Counter({
    name: 'vnhc_checkins_total',
    help: 'Venue check-in events by mode (self-scan, staff-scan, unspecified) and result (created, replayed, refused, conflict).',
    labelNames: ['mode', 'result'] as const,
    registers: [this.registry],
  });
  readonly staysClosed = new Counter({
    name: 'vnhc_stays_closed_total',
    help: 'Stays closed when written, by where the end came from (manual, next-checkin, inferred); auto ends are computed when read.',
    labelNames: ['out_source'] as const,
    registers: [this.registry],
  });
  readonly exposedScans = new Counter({
    name: 'vnhc_scans_venue_exposure_total',
    help: 'Checkpoint scans answered with a venue-exposure reason (an active exposure notice), by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly noticeChanges = new Counter({
    name: 'vnhc_exposure_notices_total',
    help: 'Exposure notices by the status they were moved to: pending (issued), active (approved), withdrawn.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly rateLimitRefusals = this.counter(
    'vnhc_rate_limit_refusals_total',
    "Requests refused with 429 past their caller's rate limit, by class of route (scan, ingest, batch, read, tracing); never by caller.",
    ['class'],
  );
  readonly freshCache = this.counter(
    'vnhc_adapter_fresh_cache_total',
    "Scans answered with a platform instance's answer for the citizen within its freshness window (VERIFY_FRESHNESS_SECONDS), without calling it.",
    ['instance'],
  );
  readonly budgetRefusals = this.counter(
    'vnhc_adapter_budget_refusals_total',
    'Calls to a platform instance not sent because its rate budget for the second (rateBudgetPerSecond, shared by every process) was spent; the scan was answered from what the gateway holds.',
    ['instance'],
  );
  readonly singleFlightShared = this.counter(
    'vnhc_adapter_single_flight_shared_total',
    "Scans that shared another scan's call in flight to a platform instance for the same citizen or record, instead of calling it again.",
    ['instance'],
  );
  readonly fallbacks = new Counter({
    name: 'vnhc_adapter_fallbacks_total',
    help: 'Last good answers served (stale) in place of a failed call.',
    labelNames: ['instance'] as const,
    registers: [this.registry],
  });

  constructor(events: GatewayEvents, instances: readonly string[], build: BuildInfo = {}) {
    // Node's defaults under their conventional names (process_*, nodejs_*), as dashboards and alert rules everywhere expect them.
    collectDefaultMetrics({ register: this.registry });
    for (const rateClass of RATE_CLASSES) this.rateLimitRefusals.inc({ class: rateClass }, 0);
    for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name);
    this.buildInfo.set({ version: packageVersion(), node_version: process.version, revision: build.revision || 'unknown' }, 1);
    this.storeWritable.set(1);
    // Both outcomes from the first scrape, so that a rule's increase() sees the first failure.
    for (const outcome of ['read', 'failed'] as const) this.jwksReads.inc({ outcome }, 0);
    for (const instance of instances) {
      this.setBreakerState(instance, 'closed');
      this.gatewayDelays.inc({ instance }, 0);
      for (const counter of [this.freshCache, this.budgetRefusals, this.singleFlightShared]) counter.inc({ instance }, 0);
    }
    events.on('ingested', ({ instance, result, rule, reasonCodes }) => {
      this.ingested.inc({ instance, result });
      for (const code of reasonCodes ?? []) this.refusalReasons.inc({ code });
      if (result === 'created' && rule) {
        this.joins.inc({ rule });
        if (rule === 'new-citizen') this.newCitizens.inc();
      }
    });
    events.on('scanned', ({ status, qrKind, venueExposure }) => {
      this.scans.inc({ status, qr_kind: qrKind });
      if (venueExposure) this.exposedScans.inc({ status });
    });
    events.on('adapter-call', (call) => {
      const { instance, sentMs, detail } = call;
      const outcome = callOutcomeLabel(call);
      this.adapterCalls.inc({ instance, outcome });
      // The platform's own time: a call turned away took none of it (timed at 0 s, it pulled the
      // platforms' p99 down just as one failed), and our pauses before a retry are not its.
      if (sentMs !== undefined) this.adapterDuration.observe({ instance, outcome }, sentMs / 1000);
      if (detail === 'gateway-delay') this.gatewayDelays.inc({ instance });
    });
    events.on('fallback', ({ instance }) => this.fallbacks.inc({ instance }));
    const spared = { 'fresh-cache': this.freshCache, 'budget-refused': this.budgetRefusals, shared: this.singleFlightShared } as const;
    events.on('shielded', ({ instance, how }) => spared[how].inc({ instance }));
    events.on('tracing-query', ({ purpose, result }) => this.tracingQueries.inc({ purpose, result }));
    events.on('tracing-contacts', ({ result }) => this.tracingContacts.inc({ result }));
    events.on('checked-in', ({ mode, result }) => this.checkins.inc({ mode, result }));
    events.on('stay-closed', ({ outSource }) => this.staysClosed.inc({ out_source: outSource }));
    events.on('notice-changed', ({ status }) => this.noticeChanges.inc({ status }));
  }

  /** The breaker of `instance` is now in `state`: its series is 1, the other states' 0. */
  setBreakerState(instance: string, state: BreakerState): void {
    for (const [each, label] of Object.entries(BREAKER_STATE_LABEL))
      this.breakerState.set({ instance, state: label }, each === state ? 1 : 0);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** A counter in this gateway's registry, its label names fixed. */
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge in this gateway's registry, its label names fixed. */
  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}

/**
 * A platform call's `outcome` label: the source's outcome, its `error`s told apart as the dashboard's
 * card tells them (adapter-monitor.ts): `refused`, a request the platform refused in its own words
 * (a made-up code's: anyone can print one, so counted as failures they raised the platform's error
 * rate in Prometheus alone); `rejected`, turned away for load (CallFailure.rejected: the gateway's
 * bulkhead full or its pause after a Retry-After, or the platform's 429 or 503, which the breaker
 * judges a failure: a 503 is as often an outage); `error`, the platform failing.
 */
function callOutcomeLabel({ outcome, detail, rejected }: GatewayEventMap['adapter-call'][0]): string {
  if (outcome !== 'error') return outcome;
  if (rejected) return 'rejected';
  return detail === 'bad-request' ? 'refused' : 'error';
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}
