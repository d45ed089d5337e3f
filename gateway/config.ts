import { createPrivateKey, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jwkSetProblem } from './auth/jwk-set';
import { checkInstances, DEFAULT_INSTANCES, type InstanceConfig } from '../adapters';
import { DEFAULT_CHECKIN_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS } from './domain/retention';
import { ConfigError } from './errors/config-error';
import { parseDateTime } from './normalize/dates';
import { parse as parseYaml } from 'yaml';
import {
  BURST_RANGE,
  checkRateLimitsFile,
  DEFAULT_RATE_POLICIES,
  PER_SECOND_RANGE,
  RATE_CLASSES,
  type RateClass,
  type RateLimitConfig,
} from './limits/rate-classes';
import type { RatePolicy } from './limits/rate';

export { ConfigError };

/**
 * The gateway's configuration, read from the environment in this one module and checked at start:
 * a bad value stops the process with the variable named, never a silent default. Secrets become
 * KeyObjects here, once. Nothing here makes a secret up: the sandbox entry
 * (gateway/sandbox/sandbox-main.ts) provisions its own and passes them in; production code never
 * loads the sandbox.
 */
export interface GatewayConfig {
  /** Held to the production rules: by the production entry (loadProductionConfig), or by NODE_ENV=production. */
  production: boolean;
  /** BUILD_REVISION (the image's build argument): the git revision in `vnhc_build_info`; absent outside an image. */
  buildRevision?: string;
  host: string;
  port: number;
  /**
   * The operators' listener (OPS_PORT, OPS_HOST defaulting to HOST): /metrics, /dashboard, the probes
   * and the operator API on a port of their own, so a NetworkPolicy can admit partners to the API
   * and only monitoring and operators here. Undefined: all on the API port (the sandbox's default;
   * the production entry defaults OPS_PORT to DEFAULT_OPS_PORT).
   */
  ops?: OpsListener;
  /** ADAPTER_INSTANCES_FILE (a JSON array, schemas/adapter-instances.schema.json) or the eight of 2021. */
  instances: readonly InstanceConfig[];
  /** Undefined: the embedded in-memory store. */
  redis?: RedisConfig;
  auth: AuthConfig;
  qr: QrConfig;
  /** Every request's budget, store calls included (REQUEST_TIMEOUT_MS, default 2000). */
  requestTimeoutMs: number;
  /** The HTTP server's own limits (SERVER_MAX_CONNECTIONS, SERVER_REQUEST_TIMEOUT_MS, SERVER_HEADERS_TIMEOUT_MS, SERVER_KEEP_ALIVE_TIMEOUT_MS). */
  server: ServerLimits;
  /**
   * After SIGTERM, how long requests in flight may take before the process ends anyway
   * (SHUTDOWN_DRAIN_MS, default 20000): a scan or an ingest takes a second or two; a batch that
   * needs longer is cut. A pod's terminationGracePeriodSeconds covers its preStop pause plus this.
   */
  shutdownDrainMs: number;
  /** NDJSON batches running at once in one process (BATCH_MAX_IN_FLIGHT, default 2) and for one caller (BATCH_MAX_IN_FLIGHT_PER_CALLER, default 1). */
  batches: BatchLimits;
  tracing: TracingLimits;
  verify: VerifyConfig;
  /** How often each platform is probed for the dashboard (HEALTH_PROBE_INTERVAL_MS, default 15000; 0: once at start). */
  probeIntervalMs: number;
  /** How far past its arrival a record's time may lie before it is refused as future (MAPPING_FUTURE_SKEW_MS, default 300000). */
  mappingFutureSkewMs: number;
  /** Days a declaration is kept after the time it speaks of (DECLARATION_RETENTION_DAYS, default 28, at least 14). */
  retentionDays: number;
  /** Days a check-in and its stay are kept after the stay ends (CHECKIN_RETENTION_DAYS, default 21, at least 14). */
  checkinRetentionDays: number;
  /**
   * CHECKINS_ANY_VENUE: the callers (tokens' sub) that record a check-in by a person's identifiers or a
   * platform's code at any venue (the citizens' apps); any other caller only at venues it registered
   * (or under them). `*`: every caller, outside production only (its default there); in production
   * the default is none. A check-in by the citizen's unified QR is taken from any caller.
   */
  checkinsAnyVenue: AnyVenueCallers;
  /** Per-caller rate limits by class of route (see rateLimitConfig); undefined: off. */
  rateLimits?: RateLimitConfig;
  /** What every HTTP answer carries: CORS for CORS_ORIGINS only, HSTS in production (see HttpPolicy). */
  http: HttpPolicy;
}

/**
 * The browser-facing policy of the answers. CORS_ORIGINS: comma-separated exact origins
 * (`https://portal.example.vn`) whose pages may call the API, none by default; `*` lets any page in,
 * and is refused in production. HSTS is sent in production only: there TLS is terminated in front of
 * the gateway; the sandbox answers plain HTTP on loopback, where a browser ignores the header anyway.
 */
export interface HttpPolicy {
  corsOrigins: readonly string[] | '*';
  hsts: boolean;
}

/**
 * The HTTP server's own limits: SERVER_MAX_CONNECTIONS (default 2000), SERVER_REQUEST_TIMEOUT_MS
 * (default 60000: a whole request, body included, batches too), SERVER_HEADERS_TIMEOUT_MS (default 10000)
 * and SERVER_KEEP_ALIVE_TIMEOUT_MS (default 65000); gateway/http/http-server.ts says why each.
 */
export interface ServerLimits {
  maxConnections: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /**
   * How long an idle keep-alive connection is kept (SERVER_KEEP_ALIVE_TIMEOUT_MS, default 65000):
   * longer than the load balancer's own idle timeout in front (60 s for AWS's ALB and nginx's
   * default; set 620000 behind Google's, whose backends must outlast its 600 s), so that the balancer
   * always closes first and never sends a request on a connection the gateway is closing.
   */
  keepAliveTimeoutMs: number;
}

/** NDJSON batches running at once, in one process and for one caller: a batch of 10,000 records holds about 300 MB while it runs. */
/**
 * Tracing queries: the budget of one tracing call (TRACING_BUDGET_MS, default 10000; a query of
 * 100,000 stays on Redis takes about 2 s), and the queries one process answers at once
 * (TRACING_MAX_QUERIES, default 2: each may hold up to 100,000 stays, tens of MB; past it, 503).
 */
export interface TracingLimits {
  budgetMs: number;
  maxQueries: number;
}

export interface BatchLimits {
  maxInFlight: number;
  maxInFlightPerCaller: number;
}

export interface VerifyConfig {
  /** A scan's whole budget (VERIFY_DEADLINE_MS, default 800). */
  deadlineMs: number;
  /** Scans served at once by one process (VERIFY_MAX_IN_FLIGHT, default 64); past it, 503 with Retry-After at once. */
  maxInFlight: number;
  /**
   * Scans one caller (a token's subject) has served at once by one process (VERIFY_MAX_IN_FLIGHT_PER_CALLER,
   * default three quarters of VERIFY_MAX_IN_FLIGHT); past it, 429 with Retry-After: one caller never holds every place.
   */
  maxInFlightPerCaller: number;
  /** The policy's windows (VERIFY_RISK_WINDOW_DAYS 14, VERIFY_SYMPTOM_WINDOW_DAYS 14, VERIFY_REFUSAL_WINDOW_HOURS 24, VERIFY_FRESH_DAYS 7). */
  policy: { riskWindowDays: number; symptomWindowDays: number; refusalWindowHours: number; freshDays: number };
  /** Seconds a platform's answer for a citizen stands in for a call (VERIFY_FRESHNESS_SECONDS, default 30; 0: off); an instance's freshnessSeconds overrides it. */
  freshnessSeconds: number;
}

/**
 * How long the start waits for a single Redis before going on without it, unless REDIS_START_WAIT_MS
 * says: a Redis that is there answers in milliseconds; one that is not must not keep the probes from
 * answering (a pod that never listens is restarted by its liveness probe, again and again, and says
 * nothing why).
 */
export const DEFAULT_REDIS_START_WAIT_MS = 2000;

export interface RedisConfig {
  /** REDIS_URL, or REDIS_CLUSTER_NODES (comma-separated redis:// URLs) for a Redis Cluster. */
  url?: string;
  clusterNodes?: string[];
  /** A command that has not answered by then fails (REDIS_COMMAND_TIMEOUT_MS, default 1000). */
  commandTimeoutMs: number;
  /** REDIS_KEY_PREFIX, default `vnhc:`: several gateways (or tests) may share one Redis. */
  keyPrefix?: string;
  /**
   * REDIS_WAIT_REPLICAS (default 0: off): replicas that must hold a write (Redis WAIT) before the
   * gateway acknowledges it, so that a failover cannot lose it; REDIS_WAIT_TIMEOUT_MS (default 100,
   * below REDIS_COMMAND_TIMEOUT_MS) is how long a write waits for them. See README, "Durability".
   */
  waitReplicas: number;
  waitTimeoutMs: number;
  /**
   * How long the start waits for a single Redis (REDIS_START_WAIT_MS, default 2000) before the gateway
   * listens without it, not ready, its requests 503 until Redis comes (a cluster is always waited for).
   */
  startWaitMs?: number;
  /**
   * REDIS_KEY_SECRET (at least 32 characters; required in production): the HMAC key of every key
   * name made from personal data. Outside production, when not given, it is derived from AUTH_JWT_SECRET.
   */
  keyNameSecret: KeyObject;
}

export interface AuthConfig {
  /**
   * Where the identity provider publishes the public keys of its access tokens (ES256 or RS256, by
   * `kid`): AUTH_JWKS_FILE or AUTH_JWKS_URL. Production's only source of callers; the sandbox's own IdP.
   */
  jwks?: JwksSource;
  /**
   * The shared HS256 secret (AUTH_JWT_SECRET, at least 32 characters): the sandbox's and the tests'
   * tokens only. Refused in production, where anyone holding it could mint any caller's token.
   */
  secret?: KeyObject;
  issuer: string;
  audience: string;
  /**
   * The longest a token may live, `exp - iat` (AUTH_MAX_TOKEN_LIFETIME_SECONDS, default 86400: a
   * day covers a partner's nightly batch; a leaked token is worth at most that long).
   */
  maxTokenLifetimeSeconds: number;
}

/**
 * A JSON Web Key Set: AUTH_JWKS_URL (https in production), or AUTH_JWKS_FILE as a `file:` URL, read
 * again as a URL is fetched again, so that a mounted file that changes rotates keys without a restart.
 */
export interface JwksSource {
  url: URL;
  /** A fetch that has not answered by then is aborted (AUTH_JWKS_TIMEOUT_MS, default 1500). */
  timeoutMs: number;
  /** Least time between two fetches for a `kid` the set does not hold, or after a failed fetch (AUTH_JWKS_COOLDOWN_MS, default 30000). */
  cooldownMs: number;
  /** Keys are fetched again once this old (AUTH_JWKS_CACHE_MAX_AGE_MS, default 600000): a key the IdP withdrew is dropped within it. */
  cacheMaxAgeMs: number;
  /**
   * While the set cannot be fetched, the last keys read verify tokens until they are this old
   * (AUTH_JWKS_MAX_STALE_MS, default 3600000, at least the cache's max age); then every token is a
   * 503: a key the IdP withdrew stops verifying within it, even through an outage of the IdP.
   */
  maxStaleMs: number;
}

export interface QrSigningKey {
  kid: string;
  privateKey: KeyObject;
  /**
   * Set for a retired key (QR_RETIRED_KIDS): it never signs, stays in the JWKS for the codes it
   * signed until then, and a code it signed after then is refused.
   */
  retiredAt?: Date;
}

export interface QrConfig {
  /** Every key whose codes still verify; the active one signs new codes. */
  keys: QrSigningKey[];
  activeKid: string;
}

/**
 * Secrets that ship in examples and must never run a production gateway, compared in lower case. The
 * short ones fail the length check anyway; the long ones are what only this list refuses: the Helm
 * chart's CI values and the kind of placeholder an example configuration prints. (AUTH_JWT_SECRET
 * needs none of it: production refuses a shared secret whatever it is.)
 */
const KNOWN_DEFAULT_SECRETS = new Set([
  'changeme',
  'change-me',
  'secret',
  'password',
  'sandbox',
  'development',
  'ci-only-not-a-real-secret-0123456789abcdef',
  'ci-only-redis-key-names-0123456789abcdef',
  'change-me-to-a-long-random-secret-of-32-chars',
]);

/**
 * The gateway's configuration from `env`, every variable checked. The identity provider's keys (or,
 * outside production, the shared secret) and the QR keys must be given: nothing falls back to a
 * sandbox. With NODE_ENV=production the secrets must be real, the shared secret absent and Redis
 * configured (see loadProductionConfig for what the production entry requires).
 */
/** The longest VERIFY_RISK_WINDOW_DAYS: what stores that keep notices as long as the window bound their indexes by. */
export const MAX_RISK_WINDOW_DAYS = 60;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  if (production) requireProductionSecrets(env);
  const authSecret = env.AUTH_JWT_SECRET ?? '';
  const scansInFlight = integer(env, 'VERIFY_MAX_IN_FLIGHT', 64, 1, 10000);
  return policyWithinRetention({
    production,
    ...(env.BUILD_REVISION ? { buildRevision: buildRevisionOf(env.BUILD_REVISION) } : {}),
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65535),
    ...opsListener(env),
    instances: withCredentials(readInstances(env.ADAPTER_INSTANCES_FILE), env.ADAPTER_CREDENTIALS_FILE),
    redis: redisConfig(env, authSecret),
    auth: authConfig(env, authSecret),
    qr: qrConfig(qrKeySources(env.QR_KEYS_JSON, env.QR_KEYS_DIR), env.QR_ACTIVE_KID, retiredKids(env.QR_RETIRED_KIDS)),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 2000, 100, 60000),
    server: serverLimits(env),
    shutdownDrainMs: integer(env, 'SHUTDOWN_DRAIN_MS', 20_000, 1000, 600_000),
    batches: {
      maxInFlight: integer(env, 'BATCH_MAX_IN_FLIGHT', 2, 1, 64),
      maxInFlightPerCaller: integer(env, 'BATCH_MAX_IN_FLIGHT_PER_CALLER', 1, 1, 64),
    },
    tracing: {
      budgetMs: integer(env, 'TRACING_BUDGET_MS', 10_000, 1000, 600_000),
      maxQueries: integer(env, 'TRACING_MAX_QUERIES', 2, 1, 64),
    },
    probeIntervalMs: integer(env, 'HEALTH_PROBE_INTERVAL_MS', 15000, 0, 3_600_000),
    mappingFutureSkewMs: mappingFutureSkewMs(env),
    retentionDays: integer(env, 'DECLARATION_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, 3650),
    checkinRetentionDays: integer(env, 'CHECKIN_RETENTION_DAYS', DEFAULT_CHECKIN_RETENTION_DAYS, MIN_RETENTION_DAYS, 3650),
    checkinsAnyVenue: anyVenueCallers(env, production),
    rateLimits: rateLimitConfig(env, production),
    verify: {
      deadlineMs: integer(env, 'VERIFY_DEADLINE_MS', 800, 50, 10000),
      maxInFlight: scansInFlight,
      // A quarter of the places kept for the other callers: one caller never holds them all.
      maxInFlightPerCaller: integer(
        env,
        'VERIFY_MAX_IN_FLIGHT_PER_CALLER',
        Math.max(1, scansInFlight - Math.ceil(scansInFlight / 4)),
        1,
        scansInFlight,
      ),
      policy: {
        riskWindowDays: integer(env, 'VERIFY_RISK_WINDOW_DAYS', 14, 1, MAX_RISK_WINDOW_DAYS),
        symptomWindowDays: integer(env, 'VERIFY_SYMPTOM_WINDOW_DAYS', 14, 1, 60),
        refusalWindowHours: integer(env, 'VERIFY_REFUSAL_WINDOW_HOURS', 24, 1, 720),
        freshDays: integer(env, 'VERIFY_FRESH_DAYS', 7, 1, 60),
      },
      freshnessSeconds: integer(env, 'VERIFY_FRESHNESS_SECONDS', 30, 0, 3600),
    },
    http: httpPolicy(env, production),
  });
}

/**
 * The policy's windows within what the gateway keeps: a declaration that counts for a window must
 * still be stored while it does, and so must the stay behind a venue exposure (red for the risk
 * window after the overlap). A window longer than its data's retention turned a close contact, an F1
 * or a refusal green when the data went, before the window ended: refused at start instead.
 */
function policyWithinRetention(config: GatewayConfig): GatewayConfig {
  const { riskWindowDays, symptomWindowDays, refusalWindowHours } = config.verify.policy;
  const declarations = config.retentionDays;
  const windows: [string, number, string, number][] = [
    ['VERIFY_RISK_WINDOW_DAYS', riskWindowDays, 'DECLARATION_RETENTION_DAYS', declarations],
    ['VERIFY_SYMPTOM_WINDOW_DAYS', symptomWindowDays, 'DECLARATION_RETENTION_DAYS', declarations],
    ['VERIFY_REFUSAL_WINDOW_HOURS', refusalWindowHours / 24, 'DECLARATION_RETENTION_DAYS', declarations],
    ['VERIFY_RISK_WINDOW_DAYS', riskWindowDays, 'CHECKIN_RETENTION_DAYS', config.checkinRetentionDays],
  ];
  for (const [window, days, retention, kept] of windows)
    if (days > kept)
      throw new ConfigError(
        `${window}: longer than ${retention} (${kept} days): what the window counts would be deleted while it still counts; shorten the window or keep the data longer`,
      );
  return config;
}

/** Where the operators' listener binds (GatewayConfig.ops). */
export interface OpsListener {
  host: string;
  port: number;
}

/**
 * The production entry's operators' port when OPS_PORT is not given: 9464, the port Prometheus
 * exporters conventionally take (OpenTelemetry's Prometheus exporter's), free of the API's 8080.
 */
export const DEFAULT_OPS_PORT = 9464;

/** OPS_PORT and OPS_HOST checked: a port apart from the API's (0: any free one), a host only with a port. */
function opsListener(env: NodeJS.ProcessEnv): { ops?: OpsListener } {
  if (!env.OPS_PORT) {
    if (env.OPS_HOST) throw new ConfigError("OPS_HOST: given without OPS_PORT, the operators' listener it would bind");
    return {};
  }
  const port = integer(env, 'OPS_PORT', DEFAULT_OPS_PORT, 0, 65535);
  if (port !== 0 && port === integer(env, 'PORT', 8080, 0, 65535))
    throw new ConfigError(`OPS_PORT: ${port} is the API's PORT too; the operators' listener needs a port of its own`);
  return { ops: { host: env.OPS_HOST || env.HOST || '127.0.0.1', port } };
}

/** CORS_ORIGINS checked (exact origins, `*` never in production), and HSTS where TLS is in front. */
export function httpPolicy(env: NodeJS.ProcessEnv, production: boolean): HttpPolicy {
  const listed = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (listed.includes('*')) {
    if (production) throw new ConfigError('CORS_ORIGINS: "*" lets any web page call the API; production names its origins');
    if (listed.length > 1) throw new ConfigError('CORS_ORIGINS: "*" or a list of origins, not both');
    return { corsOrigins: '*', hsts: production };
  }
  for (const origin of listed)
    if (!isOrigin(origin)) throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin such as https://portal.example.vn`);
  return { corsOrigins: listed, hsts: production };
}

/** An origin exactly as a browser sends it: scheme, host and port only, no path, no trailing slash. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

/**
 * The production entry's configuration (gateway/main.ts): complete, whatever NODE_ENV says, or
 * refused with the variable named: the identity provider's keys and no shared secret, the QR keys, Redis and its key-name
 * secret, and the adapter instances from ADAPTER_INSTANCES_FILE, each with its platform's address. The
 * operators' listener is always apart: OPS_PORT, DEFAULT_OPS_PORT unless given.
 */
export function loadProductionConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  requireProductionSecrets(env);
  if (!env.ADAPTER_INSTANCES_FILE)
    throw new ConfigError("ADAPTER_INSTANCES_FILE: production needs its adapter instances, each with its platform's baseUrl and writers");
  // Production always keeps metrics and the dashboard off the API's port: a NetworkPolicy sees ports, not paths.
  const config = loadConfig(env.OPS_PORT ? env : { ...env, OPS_PORT: String(DEFAULT_OPS_PORT) });
  const blind = config.instances.findIndex((i) => !i.baseUrl);
  if (blind >= 0)
    throw new ConfigError(
      `ADAPTER_INSTANCES_FILE: /${blind}/baseUrl: instance "${config.instances[blind]?.name}" has no address of its platform's lookup API`,
    );
  const open = config.instances.findIndex((i) => i.writers === undefined);
  if (open >= 0)
    throw new ConfigError(
      `ADAPTER_INSTANCES_FILE: /${open}/writers: instance "${config.instances[open]?.name}" names no writers: ` +
        "list the callers (tokens' sub) that push its records, [] for none; otherwise any caller could take its record ids",
    );
  return {
    ...config,
    production: true,
    rateLimits: rateLimitConfig(env, true),
    http: httpPolicy(env, true),
    checkinsAnyVenue: anyVenueCallers(env, true),
  };
}

/** Who records check-ins by identifiers at any venue: every caller (`*`) or these token subjects. */
export type AnyVenueCallers = '*' | readonly string[];

/**
 * CHECKINS_ANY_VENUE checked: `*` (every caller; never in production), `none`, or token subjects
 * separated by commas. Unset: `*` outside production, none in production, so that a venue's device
 * cannot plant a stay at a venue of an exposure notice and turn anyone whose CCCD it knows red.
 */
export function anyVenueCallers(env: NodeJS.ProcessEnv, production: boolean): AnyVenueCallers {
  const given = env.CHECKINS_ANY_VENUE?.trim();
  if (given === undefined || given === '') return production ? [] : '*';
  if (given === '*') {
    if (production)
      throw new ConfigError(
        'CHECKINS_ANY_VENUE: "*" lets every caller, any venue\'s device included, check anyone in anywhere by their CCCD; production names the citizens\' apps (or none)',
      );
    return '*';
  }
  if (given === 'none') return [];
  const callers = given.split(',').map((caller) => caller.trim());
  if (callers.some((caller) => caller === '' || caller === '*'))
    throw new ConfigError('CHECKINS_ANY_VENUE: token subjects separated by commas, none empty; or * alone, or none');
  return callers;
}

/** What the sandbox entry reads besides the gateway's own configuration. */
export interface SandboxSettings {
  /** Its data folder, where its secrets are made on first start (SANDBOX_DIR, default .sandbox). */
  dir: string;
  /** Start the simulated platforms (SANDBOX_PLATFORMS=on|off; on unless ADAPTER_INSTANCES_FILE names real platforms). */
  platforms: boolean;
}

/** SANDBOX_DIR and SANDBOX_PLATFORMS, for the sandbox entry: read here, where every variable is read. */
export function loadSandboxSettings(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  return {
    dir: resolve(env.SANDBOX_DIR || '.sandbox'),
    platforms: env.SANDBOX_PLATFORMS ? onOff(env, 'SANDBOX_PLATFORMS') : !env.ADAPTER_INSTANCES_FILE,
  };
}

function requireProductionSecrets(env: NodeJS.ProcessEnv): void {
  if (env.AUTH_JWT_SECRET)
    throw new ConfigError(
      "AUTH_JWT_SECRET: refused in production, where access tokens come from the identity provider's keys (AUTH_JWKS_FILE or AUTH_JWKS_URL); the shared secret is the sandbox's and the tests'",
    );
  if (!env.AUTH_JWKS_FILE && !env.AUTH_JWKS_URL)
    throw new ConfigError("AUTH_JWKS_FILE or AUTH_JWKS_URL: production verifies access tokens with its identity provider's public keys");
  if (env.AUTH_JWKS_URL && jwksUrl(env.AUTH_JWKS_URL).protocol !== 'https:')
    throw new ConfigError("AUTH_JWKS_URL: production fetches its identity provider's keys over https only");
  // The sandbox's names would let in any token its IdP, or another deployment's, issues with them.
  if (!env.AUTH_ISSUER?.trim())
    throw new ConfigError(
      "AUTH_ISSUER: production checks each token's iss against its identity provider's issuer, named explicitly (no default)",
    );
  if (!env.AUTH_AUDIENCE?.trim())
    throw new ConfigError(
      'AUTH_AUDIENCE: production checks that each token was issued for this gateway (its aud), named explicitly (no default)',
    );
  if ((!env.QR_KEYS_DIR && !env.QR_KEYS_JSON) || !env.QR_ACTIVE_KID)
    throw new ConfigError('QR_KEYS_DIR (or QR_KEYS_JSON) and QR_ACTIVE_KID: production needs its QR signing keys');
  if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES) throw new ConfigError('REDIS_URL or REDIS_CLUSTER_NODES: production stores in Redis');
  if (!env.REDIS_KEY_SECRET) throw new ConfigError('REDIS_KEY_SECRET: production keys its Redis key names with a secret of its own');
}

/**
 * Who may call: the identity provider's keys (AUTH_JWKS_FILE or AUTH_JWKS_URL), the shared secret
 * (AUTH_JWT_SECRET, outside production: requireProductionSecrets refuses it there), or both (the sandbox).
 */
function authConfig(env: NodeJS.ProcessEnv, sharedSecret: string): AuthConfig {
  const jwks = jwksSource(env);
  if (!jwks && sharedSecret === '')
    throw new ConfigError(
      "AUTH_JWKS_FILE or AUTH_JWKS_URL: not set; the gateway verifies access tokens with its identity provider's keys (AUTH_JWT_SECRET outside production; the sandbox, npm start, makes its own)",
    );
  if (sharedSecret !== '' && sharedSecret.length < 32) throw new ConfigError('AUTH_JWT_SECRET: at least 32 characters');
  return {
    ...(jwks ? { jwks } : {}),
    ...(sharedSecret ? { secret: createSecretKey(Buffer.from(sharedSecret, 'utf8')) } : {}),
    issuer: env.AUTH_ISSUER || 'vnhc-gateway',
    audience: env.AUTH_AUDIENCE || 'vnhc-gateway-api',
    maxTokenLifetimeSeconds: integer(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 86400, 60, 604800),
  };
}

/** AUTH_JWKS_FILE (read and checked now, so that a bad file stops the start) or AUTH_JWKS_URL, never both. */
function jwksSource(env: NodeJS.ProcessEnv): JwksSource | undefined {
  if (env.AUTH_JWKS_FILE && env.AUTH_JWKS_URL)
    throw new ConfigError("AUTH_JWKS_FILE and AUTH_JWKS_URL: give one source of the identity provider's keys, not both");
  if (!env.AUTH_JWKS_FILE && !env.AUTH_JWKS_URL) return undefined;
  const url = env.AUTH_JWKS_FILE ? pathToFileURL(resolve(env.AUTH_JWKS_FILE)) : jwksUrl(env.AUTH_JWKS_URL as string);
  if (env.AUTH_JWKS_FILE) checkJwksFile(env.AUTH_JWKS_FILE);
  const cacheMaxAgeMs = integer(env, 'AUTH_JWKS_CACHE_MAX_AGE_MS', 600_000, 1000, 86_400_000);
  // Below the cache's age it would refuse keys that jose itself still holds as fresh: a contradiction, refused.
  const maxStaleMs = integer(env, 'AUTH_JWKS_MAX_STALE_MS', Math.max(3_600_000, cacheMaxAgeMs), cacheMaxAgeMs, 86_400_000);
  return {
    url,
    timeoutMs: integer(env, 'AUTH_JWKS_TIMEOUT_MS', 1500, 100, 30_000),
    cooldownMs: integer(env, 'AUTH_JWKS_COOLDOWN_MS', 30_000, 1000, 3_600_000),
    cacheMaxAgeMs,
    maxStaleMs,
  };
}

function jwksUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AUTH_JWKS_URL: "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`AUTH_JWKS_URL: "${raw}" is neither https nor http`);
  return url;
}

function checkJwksFile(file: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`AUTH_JWKS_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const problem = jwkSetProblem(parsed);
  if (problem) throw new ConfigError(`AUTH_JWKS_FILE: ${file} ${problem}`);
}

/**
 * QR signing keys come from QR_KEYS_JSON (`{"<kid>": "<PKCS#8 PEM>"}`, for secrets injected as
 * environment) or from QR_KEYS_DIR (one `<kid>.pem` file per key, for secrets mounted as files).
 */
function qrKeySources(json: string | undefined, dir: string | undefined): { kid: string; pem: string | Buffer; origin: string }[] {
  if (json) {
    let parsed: Record<string, string>;
    try {
      parsed = JSON.parse(json) as Record<string, string>;
    } catch {
      throw new ConfigError('QR_KEYS_JSON: not a JSON object of kid to PEM');
    }
    return Object.entries(parsed).map(([kid, pem]) => ({ kid, pem, origin: `QR_KEYS_JSON["${kid}"]` }));
  }
  if (!dir) throw new ConfigError('QR_KEYS_DIR or QR_KEYS_JSON: no QR signing keys configured');
  return pemKids(dir).map((kid) => ({ kid, pem: readFileSync(join(dir, `${kid}.pem`)), origin: `QR_KEYS_DIR ${kid}.pem` }));
}

/** The key ids in a folder of `<kid>.pem` files, sorted (so a date-stamped kid sorts newest last). */
export function pemKids(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (error) {
    throw new ConfigError(`QR_KEYS_DIR: cannot read ${dir} (${(error as Error).message})`);
  }
  return files
    .filter((f) => f.endsWith('.pem'))
    .map((f) => f.slice(0, -4))
    .sort();
}

function qrConfig(
  sources: { kid: string; pem: string | Buffer; origin: string }[],
  activeKid: string | undefined,
  retired: ReadonlyMap<string, Date>,
): QrConfig {
  const keys = sources.map(({ kid, pem, origin }) => ({
    kid,
    privateKey: readPrivateKey(pem, origin),
    ...(retired.has(kid) ? { retiredAt: retired.get(kid) } : {}),
  }));
  if (!activeKid || !keys.some((k) => k.kid === activeKid))
    throw new ConfigError(`QR_ACTIVE_KID: "${activeKid ?? ''}" is not one of the configured QR keys`);
  const unknown = [...retired.keys()].filter((kid) => !keys.some((k) => k.kid === kid));
  if (unknown.length > 0)
    throw new ConfigError(`QR_RETIRED_KIDS: ${unknown.map((kid) => `"${kid}"`).join(', ')} is not one of the configured QR keys`);
  if (retired.has(activeKid)) throw new ConfigError(`QR_RETIRED_KIDS: "${activeKid}" is QR_ACTIVE_KID, and a retired key never signs`);
  return { keys, activeKid };
}

/**
 * QR_RETIRED_KIDS: `<kid>@<time>,<kid>@<time>`, each retired key and since when (RFC 3339 with
 * its offset, or a local time read as +07:00), e.g. `sandbox-2025-06-01@2026-01-01T00:00:00+07:00`.
 */
function retiredKids(raw: string | undefined): Map<string, Date> {
  const retired = new Map<string, Date>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('@');
    const since = at > 0 ? parseDateTime(entry.slice(at + 1)) : undefined;
    if (!since?.ok) throw new ConfigError(`QR_RETIRED_KIDS: "${entry}" is not <kid>@<date and time>, e.g. key-1@2026-01-01T00:00:00+07:00`);
    const kid = entry.slice(0, at);
    if (retired.has(kid)) throw new ConfigError(`QR_RETIRED_KIDS: "${kid}" is retired twice`);
    retired.set(kid, new Date(since.value));
  }
  return retired;
}

function readPrivateKey(pem: string | Buffer, origin: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${origin}: not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError(`${origin}: not a P-256 (ES256) private key`);
  }
  return key;
}

function redisConfig(env: NodeJS.ProcessEnv, authSecret: string): RedisConfig | undefined {
  const commandTimeoutMs = integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 1000, 10, 30000);
  const keyPrefix = env.REDIS_KEY_PREFIX || 'vnhc:';
  const keyNameSecret = env.REDIS_CLUSTER_NODES || env.REDIS_URL ? keyNameSecretOf(env, authSecret) : undefined;
  const waitReplicas = integer(env, 'REDIS_WAIT_REPLICAS', 0, 0, 16);
  // WAIT 0 would block for ever, and a WAIT outlasting the command's own timeout would fail as a timeout.
  const waitTimeoutMs = integer(env, 'REDIS_WAIT_TIMEOUT_MS', Math.min(100, commandTimeoutMs - 1), 1, commandTimeoutMs - 1);
  if (!keyNameSecret) return undefined;
  const startWaitMs = integer(env, 'REDIS_START_WAIT_MS', DEFAULT_REDIS_START_WAIT_MS, 0, 600_000);
  const common = { commandTimeoutMs, keyPrefix, keyNameSecret, waitReplicas, waitTimeoutMs, startWaitMs };
  if (env.REDIS_CLUSTER_NODES) return { clusterNodes: env.REDIS_CLUSTER_NODES.split(',').map((s) => s.trim()), ...common };
  if (env.REDIS_URL) return { url: env.REDIS_URL, ...common };
  return undefined;
}

/**
 * What `npm run reindex` needs: the Redis (REDIS_URL or REDIS_CLUSTER_NODES, REDIS_KEY_PREFIX), the
 * key-name secret the data is under now (REDIS_KEY_SECRET_OLD) and the one to move it to (REDIS_KEY_SECRET).
 */
export function loadReindexConfig(env: NodeJS.ProcessEnv = process.env): { redis: RedisConfig; oldKeyNameSecret: KeyObject } {
  if (!env.REDIS_KEY_SECRET || !env.REDIS_KEY_SECRET_OLD)
    throw new ConfigError('REDIS_KEY_SECRET_OLD and REDIS_KEY_SECRET: the secret the key names are under now, and the one to move them to');
  const redis = redisConfig(env, '');
  if (!redis) throw new ConfigError('REDIS_URL or REDIS_CLUSTER_NODES: the Redis to re-index');
  return { redis, oldKeyNameSecret: keyNameSecretOf({ REDIS_KEY_SECRET: env.REDIS_KEY_SECRET_OLD }, '') };
}

/** REDIS_KEY_SECRET, or (outside production only) a key derived from AUTH_JWT_SECRET, never the secret itself. */
function keyNameSecretOf(env: NodeJS.ProcessEnv, authSecret: string): KeyObject {
  const secret = env.REDIS_KEY_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32 || KNOWN_DEFAULT_SECRETS.has(secret.toLowerCase()))
      throw new ConfigError('REDIS_KEY_SECRET: at least 32 characters, and not a known example');
    return createSecretKey(Buffer.from(secret, 'utf8'));
  }
  // Without a shared secret (an IdP's keys are public) there is nothing to derive a key from.
  if (authSecret === '') throw new ConfigError('REDIS_KEY_SECRET: needed with Redis when AUTH_JWT_SECRET is not set');
  return createSecretKey(Buffer.from(hkdfSync('sha256', authSecret, 'vnhc-redis-key-names', 'redis key names', 32)));
}

/** A revision as a label value: a git hash or tag, nothing a label cannot carry plainly. */
function buildRevisionOf(revision: string): string {
  if (!/^[\w.+-]{1,64}$/.test(revision))
    throw new ConfigError('BUILD_REVISION: a git revision or tag (letters, digits, . _ + -), at most 64');
  return revision;
}

function serverLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const requestTimeoutMs = integer(env, 'SERVER_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000);
  const headersTimeoutMs = integer(env, 'SERVER_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 500, 600_000);
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError('SERVER_HEADERS_TIMEOUT_MS: at most SERVER_REQUEST_TIMEOUT_MS (the headers come within the request)');
  return {
    maxConnections: integer(env, 'SERVER_MAX_CONNECTIONS', 2000, 1, 1_000_000),
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'SERVER_KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 3_600_000),
  };
}

/**
 * Per-caller rate limits. RATE_LIMITS (on|off): on by default in production and wherever a limit is
 * configured (RATE_LIMITS_FILE or a RATE_LIMIT_* variable), off otherwise: the sandbox and the tests,
 * which send thousands of requests as one caller, are not limited unless they ask. Each class's
 * default is RATE_LIMIT_<CLASS>_PER_SECOND (a number, 0.001 to 100000) and RATE_LIMIT_<CLASS>_BURST
 * (a whole number, 1 to 100000), classes SCAN, INGEST, BATCH, READ, TRACING; RATE_LIMITS_FILE (JSON
 * or YAML) gives callers their own: `{ "<token subject>": { "<class>": { "perSecond": n, "burst": n } } }`.
 * Every value is checked even when the limits are off, so that turning them on cannot fail later.
 */
export function rateLimitConfig(env: NodeJS.ProcessEnv, production: boolean): RateLimitConfig | undefined {
  const defaults = Object.fromEntries(RATE_CLASSES.map((c) => [c, defaultRatePolicy(env, c)])) as Record<RateClass, RatePolicy>;
  const callers = env.RATE_LIMITS_FILE ? readRateLimitsFile(env.RATE_LIMITS_FILE) : new Map();
  const configured = Boolean(env.RATE_LIMITS_FILE) || Object.keys(env).some((name) => name.startsWith('RATE_LIMIT_') && env[name]);
  const on = env.RATE_LIMITS ? onOff(env, 'RATE_LIMITS') : production || configured;
  return on ? { defaults, callers } : undefined;
}

function defaultRatePolicy(env: NodeJS.ProcessEnv, rateClass: RateClass): RatePolicy {
  const name = `RATE_LIMIT_${rateClass.toUpperCase()}`;
  const fallback = DEFAULT_RATE_POLICIES[rateClass];
  const raw = env[`${name}_PER_SECOND`];
  const perSecond = raw === undefined || raw === '' ? fallback.perSecond : Number(raw);
  if (!(perSecond >= PER_SECOND_RANGE.min && perSecond <= PER_SECOND_RANGE.max))
    throw new ConfigError(`${name}_PER_SECOND: "${raw}" is not a number from ${PER_SECOND_RANGE.min} to ${PER_SECOND_RANGE.max}`);
  return { perSecond, burst: integer(env, `${name}_BURST`, fallback.burst, BURST_RANGE.min, BURST_RANGE.max) };
}

function readRateLimitsFile(file: string): ReturnType<typeof checkRateLimitsFile> {
  let parsed: unknown;
  try {
    // YAML is a superset of JSON: one parser reads either.
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`RATE_LIMITS_FILE: cannot read ${file} as JSON or YAML (${(error as Error).message})`);
  }
  return checkRateLimitsFile(parsed, 'RATE_LIMITS_FILE');
}

function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name}: "${raw}" is neither on nor off`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name}: "${raw}" is not a whole number from ${min} to ${max}`);
  return value;
}

/**
 * Platform credentials may live apart from the instances (a Secret beside a ConfigMap):
 * ADAPTER_CREDENTIALS_FILE is `{"<instance>": {"apiKey": "..."}}`, merged into the instances.
 */
function withCredentials(instances: readonly InstanceConfig[], file: string | undefined): readonly InstanceConfig[] {
  if (!file) return instances;
  let credentials: Record<string, Record<string, string>>;
  try {
    credentials = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  } catch (error) {
    throw new ConfigError(`ADAPTER_CREDENTIALS_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const unknown = Object.keys(credentials).filter((name) => !instances.some((i) => i.name === name));
  if (unknown.length > 0) throw new ConfigError(`ADAPTER_CREDENTIALS_FILE: no instance named ${unknown.join(', ')}`);
  return instances.map((i) => (credentials[i.name] ? { ...i, credentials: { ...i.credentials, ...credentials[i.name] } } : i));
}

/** The adapter instances alone, for commands that need no secrets (the map command). */
export function loadInstances(env: NodeJS.ProcessEnv = process.env): readonly InstanceConfig[] {
  return readInstances(env.ADAPTER_INSTANCES_FILE);
}

/** MAPPING_FUTURE_SKEW_MS: for the gateway and the map command alike. */
export function mappingFutureSkewMs(env: NodeJS.ProcessEnv = process.env): number {
  return integer(env, 'MAPPING_FUTURE_SKEW_MS', 300_000, 0, 86_400_000);
}

/** ADAPTER_INSTANCES_FILE, read and checked here, so that a bad file stops the start naming the variable. */
function readInstances(file: string | undefined): readonly InstanceConfig[] {
  if (file === undefined || file === '') return DEFAULT_INSTANCES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`ADAPTER_INSTANCES_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  return checkInstances(parsed, 'ADAPTER_INSTANCES_FILE');
}
