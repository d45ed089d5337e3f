import type { Express } from 'express';
import { createAdapterRegistry } from '../adapters';
import { accessTokenVerifier } from './auth/access-tokens';
import { identityProviderKeys } from './auth/identity-provider-keys';
import { readKeysAtStart } from './auth/read-keys-at-start';
import { Retention } from './domain/retention';
import type { GatewayConfig } from './config';
import { CitizenQr } from './identity/citizen-qr';
import { IngestService } from './ingest/ingest-service';
import { createApp, type AppDependencies } from './http/app';
import { createOpsApp } from './http/ops-app';
import type { Logger } from './logging/logger';
import { logThrottle } from './logging/log-throttle';
import { UnifiedQr } from './qr/unified-qr';
import type { GatewayStore } from './store/gateway-store';
import { MemoryStore } from './store/memory-store';
import { ConfigError } from './errors/config-error';
import { EX_CONFIG } from './serve';
import { connectRedis, type RedisCommands } from './store/redis-connection';
import { GatewayEvents } from './operations/gateway-events';
import { GatewayMetrics } from './operations/metrics';
import { AdapterMonitor } from './operations/adapter-monitor';
import { FleetStatus } from './operations/fleet-status';
import { WriteReadiness } from './operations/readiness';
import { MemoryAuditLog, RedisAuditLog } from './operations/audit-log';
import { MemoryTracingAudit, RedisTracingAudit, type TracingAuditCommands } from './operations/tracing-audit';
import { MemoryLastGoodAnswers, RedisLastGoodAnswers, type LastGoodAnswers } from './store/last-good-answers';
import { AdapterRouter } from './routing/adapter-router';
import { MemoryPlatformBudgets, type PlatformBudgets } from './routing/platform-budget';
import { RedisPlatformBudgets } from './store/platform-budget-store';
import { VerifyService } from './verify/verify-service';
import { RedisStore } from './store/redis-store';
import { KeyNames } from './store/key-names';
import { MemoryVenueStore, RedisVenueStore, type VenueStore } from './store/venue-store';
import { VenueQr } from './venues/venue-qr';
import { VenueService } from './venues/venue-service';
import { CheckinService } from './checkins/checkin-service';
import { MemoryStayStore, type StayStore } from './store/stay-store';
import { RedisStayStore, type StayCommands } from './store/redis-stay-store';
import { MemoryTracingQueryStore, RedisTracingQueryStore, type TracingQueryStore } from './store/tracing-query-store';
import { TracingService } from './tracing/tracing-service';
import { MemoryNoticeStore, type NoticeStore } from './store/notice-store';
import { RedisNoticeStore, type NoticeCommands } from './store/redis-notice-store';
import { NoticeService } from './notices/notice-service';
import { createSecretKey, randomBytes } from 'node:crypto';
import { MemoryRateLimitStore, RateLimitsWithLocalFallback, type RateLimitStore } from './store/rate-limit-store';
import { LIMITER_TIMEOUT_MS, RedisRateLimitStore, withTimeout } from './store/redis-rate-limit-store';

export interface Gateway {
  app: Express;
  /** The operators' listener's app (metrics, dashboard, probes, operator API), when config.ops asks for one. */
  opsApp?: Express;
  store: GatewayStore;
  ingest: IngestService;
  router: AdapterRouter;
  monitor: AdapterMonitor;
  fleet: FleetStatus;
  metrics: GatewayMetrics;
  /** The stores a checkpoint's venue exposures are read from, for tests that make one fail. */
  noticeStore: NoticeStore;
  stayStore: StayStore;
  venueStore: VenueStore;
  /** Where tracing queries are kept for their contacts, for tests of what a query keeps. */
  tracingQueries: TracingQueryStore;
  /** What `/readyz` answers; a stopping process drains it first (gateway/serve.ts). */
  readiness: WriteReadiness;
  /** Closes what was opened, in reverse order: the platforms' breakers and probes, then Redis. Called once requests are drained. */
  close(): Promise<void>;
  /**
   * Settles once the store is first reached (at once in memory): the gateway serves before a Redis
   * not there at start comes (its requests are 503s), and what must write at start waits for this.
   */
  storeConnected: Promise<void>;
}

/**
 * The composition root: everything with a lifetime (the Redis connection, keys, the registry,
 * the services) is built once here and handed down; nothing below opens a connection of its own.
 */
export async function createGateway(config: GatewayConfig, logger: Logger, clock: () => Date = () => new Date()): Promise<Gateway> {
  const registry = createAdapterRegistry(config.instances, { futureSkewMs: config.mappingFutureSkewMs });
  const retention = new Retention(config.retentionDays);
  const closers: (() => Promise<void>)[] = [];
  let store: GatewayStore;
  let lastGood: LastGoodAnswers;
  let platformBudgets: PlatformBudgets;
  let venueStore: VenueStore;
  let stayStore: StayStore;
  let tracingQueries: TracingQueryStore;
  let noticeStore: NoticeStore;
  let keyNames: KeyNames;
  let redisCommands: RedisCommands | undefined;
  let probeWrites: (() => Promise<void>) | undefined;
  let storeConnected = Promise.resolve();
  let rateLimitStore: RateLimitStore;
  const keyPrefix = config.redis?.keyPrefix ?? 'vnhc:';
  if (config.redis) {
    // A dead Redis reports on every reconnection attempt: one line a few seconds is enough.
    const logConnectionError = logThrottle(5000, Date.now);
    const connection = await connectRedis(config.redis, (error) => {
      if (logConnectionError()) logger.warn({ err: error.message }, 'redis connection error');
    });
    closers.push(() => connection.close());
    // A Redis reached only after the start (it was not there then) may still be one the configuration
    // cannot use: refused as it would have been at start, the process ends with the configuration's
    // exit. Any other end of the connecting (the gateway stopped before Redis came) is no refusal.
    connection.connected.catch((error: unknown) => {
      if (!(error instanceof ConfigError)) return;
      logger.fatal({ reason: error.message }, 'configuration refused; stopping');
      process.exit(EX_CONFIG);
    });
    storeConnected = connection.connected;
    redisCommands = connection.commands;
    probeWrites = () => connection.probeWrites();
    const names = new KeyNames(config.redis.keyNameSecret);
    keyNames = names;
    store = new RedisStore(connection.commands, names, keyPrefix, connection);
    lastGood = new RedisLastGoodAnswers(connection.commands, names, retention, keyPrefix);
    const logBudgetFallback = logThrottle(5000, Date.now);
    platformBudgets = new RedisPlatformBudgets(
      withTimeout(connection.commands, Math.min(LIMITER_TIMEOUT_MS, config.redis.commandTimeoutMs)),
      new MemoryPlatformBudgets(),
      keyPrefix,
      (error) => {
        if (logBudgetFallback())
          logger.warn({ err: error.message }, "platforms' rate budgets counted in this process: Redis did not answer");
      },
    );
    venueStore = new RedisVenueStore(connection.commands, keyPrefix);
    // The client has every command the stay store names (StayCommands); RedisCommands lists the citizen store's.
    stayStore = new RedisStayStore(connection.commands as unknown as StayCommands, keyPrefix, connection.singleNode);
    tracingQueries = new RedisTracingQueryStore(connection.commands, keyPrefix);
    noticeStore = new RedisNoticeStore(connection.commands as unknown as NoticeCommands, keyPrefix);
    const logRateLimitFallback = logThrottle(5000, Date.now);
    rateLimitStore = new RateLimitsWithLocalFallback(
      new RedisRateLimitStore(
        withTimeout(connection.commands, Math.min(LIMITER_TIMEOUT_MS, config.redis.commandTimeoutMs)),
        names,
        keyPrefix,
      ),
      new MemoryRateLimitStore(),
      (error) => {
        if (logRateLimitFallback()) logger.warn({ err: error.message }, 'rate limits counted in this process: Redis did not answer');
      },
    );
  } else {
    const now = () => clock().getTime();
    store = new MemoryStore(undefined, now);
    lastGood = new MemoryLastGoodAnswers(retention, undefined, now);
    platformBudgets = new MemoryPlatformBudgets();
    venueStore = new MemoryVenueStore();
    stayStore = new MemoryStayStore(now);
    tracingQueries = new MemoryTracingQueryStore(now);
    noticeStore = new MemoryNoticeStore(now);
    rateLimitStore = new MemoryRateLimitStore();
    // Event keys live as long as the process's memory: a secret of its own is enough.
    keyNames = new KeyNames(createSecretKey(randomBytes(32)));
  }
  const unifiedQr = new UnifiedQr(config.qr);
  const citizenQr = new CitizenQr(store, unifiedQr, clock);
  const venues = new VenueService({ venues: venueStore, venueQr: new VenueQr(unifiedQr), clock });
  const events = new GatewayEvents();
  events.on('defect', ({ where, error }) => logger.error({ err: error }, `defect: ${where}`));
  const ingest = new IngestService({ registry, store, citizenQr, clock, retention, events });
  const audit = redisCommands ? new RedisAuditLog(redisCommands, `${keyPrefix}ops:audit`) : new MemoryAuditLog();
  // Tracing's own trail, kept by time for the check-ins' retention: operators' entries never push one out.
  const tracingKeepMs = new Retention(config.checkinRetentionDays).ms;
  const tracingAudit = redisCommands
    ? new RedisTracingAudit(redisCommands as unknown as TracingAuditCommands, `${keyPrefix}tracing:audit`, tracingKeepMs)
    : new MemoryTracingAudit(tracingKeepMs, () => clock().getTime());
  const checkins = new CheckinService({
    registry,
    store,
    stays: stayStore,
    venues,
    unifiedQr,
    keyNames,
    clock,
    retention: new Retention(config.checkinRetentionDays),
    futureSkewMs: config.mappingFutureSkewMs,
    events,
    audit: tracingAudit,
    anyVenue: config.checkinsAnyVenue,
  });
  const notices = new NoticeService({
    notices: noticeStore,
    venues,
    stays: stayStore,
    audit: tracingAudit,
    clock,
    futureSkewMs: config.mappingFutureSkewMs,
    windowDays: config.verify.policy.riskWindowDays,
    events,
  });
  const router = new AdapterRouter(registry, lastGood, events, undefined, {
    freshnessSeconds: config.verify.freshnessSeconds,
    budgets: platformBudgets,
    retention,
  });
  closers.push(async () => router.shutdown());
  const verify = new VerifyService({
    registry,
    router,
    store,
    unifiedQr,
    ingest,
    clock,
    deadlineMs: config.verify.deadlineMs,
    policy: config.verify.policy,
    events,
    exposures: notices,
  });
  const metrics = new GatewayMetrics(
    events,
    router.guards().map((g) => g.instance),
    { revision: config.buildRevision },
  );
  const monitor = new AdapterMonitor(events, router, metrics);
  monitor.startProbes(config.probeIntervalMs);
  closers.push(async () => monitor.stop());
  const fleet = new FleetStatus(monitor, redisCommands, keyPrefix, logger);
  fleet.start();
  closers.push(async () => fleet.stop());
  const tracing = new TracingService({
    stays: stayStore,
    venues: venueStore,
    queries: tracingQueries,
    store,
    audit: tracingAudit,
    clock,
    checkinRetention: new Retention(config.checkinRetentionDays),
    events,
  });
  const readiness = new WriteReadiness(probeWrites ?? (() => store.ping()), {
    onChange: (ready, reason) => {
      metrics.storeWritable.set(ready ? 1 : 0);
      if (ready) logger.info('ready: writes succeed again');
      else logger.warn({ reason }, 'not ready: a write failed');
    },
  });
  // One key set of the IdP for both listeners, read at start (below): not ready before it can verify a token.
  const idpKeys = config.auth.jwks && identityProviderKeys(config.auth.jwks, Date.now, (outcome) => metrics.jwksReads.inc({ outcome }));
  const appDependencies: AppDependencies = {
    tracing,
    readiness,
    verify,
    venues,
    checkins,
    notices,
    fleet,
    audit,
    tracingAudit,
    metrics,
    logger,
    requestTimeoutMs: config.requestTimeoutMs,
    serverRequestTimeoutMs: config.server.requestTimeoutMs,
    maxScansInFlight: config.verify.maxInFlight,
    maxScansInFlightPerCaller: config.verify.maxInFlightPerCaller,
    batches: config.batches,
    tracingLimits: config.tracing,
    rateLimiting: config.rateLimits && {
      config: config.rateLimits,
      store: rateLimitStore,
      clock,
      refused: (rateClass) => metrics.rateLimitRefusals.inc({ class: rateClass }),
    },
    auth: config.auth,
    verifyToken: accessTokenVerifier(config.auth, idpKeys),
    http: config.http,
    registry,
    store,
    ingest,
    citizenQr,
    unifiedQr,
  };
  const app = createApp({ ...appDependencies, opsOnOwnListener: Boolean(config.ops) });
  const opsApp = config.ops ? createOpsApp(appDependencies) : undefined;
  // Once the apps are built: the fetch's timeout then runs while the process waits, not while it compiles.
  // The first attempt is awaited (within AUTH_JWKS_TIMEOUT_MS), so an IdP that answers leaves no unready moment.
  if (idpKeys) {
    let lastFailure = 'not read yet';
    const release = readiness.holdUntil(() => `the identity provider's keys have not been read: ${lastFailure}`);
    const stopReading = await readKeysAtStart(idpKeys, {
      onRead: () => {
        release();
        logger.info("the identity provider's keys are read: tokens can be verified");
      },
      onFailure: (error) => {
        lastFailure = error.message;
        logger.warn({ err: error.message, retryInMs: error.retryAfterMs }, "not ready: the identity provider's keys cannot be read");
      },
    });
    closers.push(async () => stopReading());
  }
  return {
    app,
    ...(opsApp ? { opsApp } : {}),
    store,
    ingest,
    router,
    monitor,
    fleet,
    metrics,
    noticeStore,
    stayStore,
    venueStore,
    tracingQueries,
    readiness,
    storeConnected,
    close: async () => {
      for (const close of [...closers].reverse()) await close();
    },
  };
}
