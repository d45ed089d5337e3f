import { foldSubject } from '../auth/access-tokens';
import { ConfigError } from '../errors/config-error';
import type { RatePolicy } from './rate';

/**
 * The classes of route a caller's allowance is counted in, each apart from the others, so that a
 * partner's ingest burst never takes its checkpoints' scans: `scan` (POST /v1/verify), `batch`
 * (every `:batch` route), `tracing` (tracing queries, exposure notices and one citizen's stays,
 * whatever the method: each reads where people were), `read` (any other GET or HEAD) and `ingest`
 * (any other write: declarations, check-ins, venues, revocations).
 */
export const RATE_CLASSES = ['scan', 'ingest', 'batch', 'read', 'tracing'] as const;
export type RateClass = (typeof RATE_CLASSES)[number];

/** Every class's policy: the defaults from the environment, then a caller's own from RATE_LIMITS_FILE. */
export interface RateLimitConfig {
  defaults: Readonly<Record<RateClass, RatePolicy>>;
  /** By folded token subject (see foldSubject), only the classes the file names. */
  callers: ReadonlyMap<string, Partial<Record<RateClass, RatePolicy>>>;
}

/**
 * Generous per caller: a checkpoint application scanning for a whole province, a partner sending
 * its day's records one by one, a dashboard polling. They are there to stop a runaway client before
 * it takes what other callers need, not to shape normal traffic; a caller that needs more gets its
 * own line in RATE_LIMITS_FILE.
 */
export const DEFAULT_RATE_POLICIES: Readonly<Record<RateClass, RatePolicy>> = {
  scan: { perSecond: 100, burst: 200 },
  ingest: { perSecond: 50, burst: 100 },
  // A batch carries up to 10,000 records and runs for seconds: one every 5 s, two back to back.
  batch: { perSecond: 0.2, burst: 2 },
  read: { perSecond: 50, burst: 100 },
  // A tracing query reads up to 100,000 stays: a handful a second is an investigation, more is a script.
  tracing: { perSecond: 2, burst: 10 },
};

/** The routes counted as batches and as tracing, written as express's routes are (segments `[^/]+`), matched on the routed path. */
const BATCH_ROUTES = [/^\/v1\/checkins:batch$/, /^\/v1\/sources\/[^/]+\/declarations:batch$/];
const TRACING_ROUTES = [/^\/v1\/tracing\//, /^\/v1\/exposure-notices(?:\/|$)/, /^\/v1\/citizens\/[^/]+\/stays$/];

/**
 * The class a request is counted in, from its method and full path (`req.baseUrl + req.path`).
 * Classified on the path as express 5 matches it to a route, so that no spelling the router serves
 * lets a caller pick another class: path-to-regexp 8 compares case-insensitively and takes one
 * trailing slash (`POST /V1/Verify/` is a scan), while a percent-encoded character or a doubled
 * slash matches no literal route at all (`/v1/checkins%3Abatch` is a 404 whatever it is counted as).
 */
export function routeClass(method: string, path: string): RateClass {
  const routed = routedPath(path);
  if (method === 'POST' && routed === '/v1/verify') return 'scan';
  if (BATCH_ROUTES.some((route) => route.test(routed))) return 'batch';
  if (TRACING_ROUTES.some((route) => route.test(routed))) return 'tracing';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'ingest';
}

/** The path as the router compares it with a route: lower case, without the one trailing slash a route takes. */
function routedPath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** A caller's policy for a class: its own line in RATE_LIMITS_FILE, or the default. */
export function policyFor(config: RateLimitConfig, subject: string, rateClass: RateClass): RatePolicy {
  return config.callers.get(foldSubject(subject))?.[rateClass] ?? config.defaults[rateClass];
}

/** Bounds every policy is held to, from the environment or the file. */
export const PER_SECOND_RANGE = { min: 0.001, max: 100_000 } as const;
export const BURST_RANGE = { min: 1, max: 100_000 } as const;

/**
 * RATE_LIMITS_FILE's content, checked: `{ "<token subject>": { "<class>": { "perSecond": n, "burst": n } } }`.
 * Each failure names the JSON pointer of what is wrong, as the adapter instances' file does.
 */
export function checkRateLimitsFile(parsed: unknown, origin: string): Map<string, Partial<Record<RateClass, RatePolicy>>> {
  const fail = (pointer: string, message: string): never => {
    throw new ConfigError(`${origin}: ${pointer || '/'}: ${message}`);
  };
  if (!isObject(parsed)) fail('', 'not an object of token subjects');
  const callers = new Map<string, Partial<Record<RateClass, RatePolicy>>>();
  for (const [subject, classes] of Object.entries(parsed as Record<string, unknown>)) {
    const at = `/${pointerEscape(subject)}`;
    if (subject.trim() === '') fail(at, 'a token subject cannot be empty');
    const folded = foldSubject(subject);
    if (callers.has(folded))
      fail(at, 'the same subject as another line (subjects are compared as the four-eyes rule does: NFKC, lower case)');
    if (!isObject(classes)) fail(at, `not an object of classes (${RATE_CLASSES.join(', ')})`);
    const policies: Partial<Record<RateClass, RatePolicy>> = {};
    for (const [name, policy] of Object.entries(classes as Record<string, unknown>)) {
      const where = `${at}/${pointerEscape(name)}`;
      if (!(RATE_CLASSES as readonly string[]).includes(name)) fail(where, `not a class of route (${RATE_CLASSES.join(', ')})`);
      if (!isObject(policy)) fail(where, 'not an object { "perSecond": n, "burst": n }');
      const { perSecond, burst, ...other } = policy as Record<string, unknown>;
      const unknown = Object.keys(other);
      if (unknown.length > 0) fail(`${where}/${pointerEscape(unknown[0] as string)}`, 'not a field of a policy (perSecond, burst)');
      if (typeof perSecond !== 'number' || !(perSecond >= PER_SECOND_RANGE.min && perSecond <= PER_SECOND_RANGE.max))
        fail(`${where}/perSecond`, `not a number from ${PER_SECOND_RANGE.min} to ${PER_SECOND_RANGE.max}`);
      if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < BURST_RANGE.min || burst > BURST_RANGE.max)
        fail(`${where}/burst`, `not a whole number from ${BURST_RANGE.min} to ${BURST_RANGE.max}`);
      policies[name as RateClass] = { perSecond: perSecond as number, burst: burst as number };
    }
    callers.set(folded, policies);
  }
  return callers;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
