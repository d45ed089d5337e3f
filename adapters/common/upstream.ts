import type { Dispatcher } from 'undici';
import type { Identifier } from '../../gateway/domain/canonical-declaration';
import { GatewayError } from '../../gateway/errors/gateway-error';

/**
 * Why a platform did not answer, as the breaker and the verify answer need it. `retryable` says
 * whether one more try could help (a reset connection, a 5xx, a 429/503 whose Retry-After fits).
 */
export type UpstreamFailure = 'timeout' | 'aborted' | 'rate-limited' | 'server-error' | 'connection' | 'malformed' | 'auth' | 'bad-request';

/**
 * A platform's failure, of the one error root: code `upstream`, and the `kind` the breaker, the
 * retry and the verify answer tell failures apart by. Never shown to a client as such: a scan
 * reports it as a source's outcome.
 */
export class UpstreamError extends GatewayError {
  readonly code = 'upstream';

  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    readonly status?: number,
    /** From a Retry-After header: how long the platform asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'connection' || this.kind === 'server-error' || this.kind === 'rate-limited';
  }
}

/**
 * A signal that aborts after `ms` with an UpstreamError of kind `timeout` as its reason, so that a
 * cancelled lookup reports a timeout by its type. Any other reason (the scan's deadline, a
 * shutdown) is an abort, which is nobody's failure.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new UpstreamError('timeout', `no answer within ${ms} ms`)), ms).unref();
  return controller.signal;
}

/**
 * A lookup's answer: the native record, or the platform's word that it has none. Not found is an
 * answer, not a failure. `text` is the answer's body as it came, when the client read one: two
 * equal texts hold the same record, so the router maps a repeated answer once (adapter-router.ts).
 */
export type LookupResult = { found: true; native: unknown; text?: string } | { found: false };

/**
 * Asked before each further call one lookup makes (a citizen's next document, after the first found
 * nothing): a call sent takes from the instance's rate budget, whichever call of a lookup it is.
 */
export type MayAskAgain = () => Promise<boolean>;

/**
 * A lookup that ended before it asked every way it had, each call it sent answered "not found":
 * the rate budget refused its next call (`budget-exhausted`), or it had more ways than a lookup may
 * ask (`not-all-asked`, MAX_CALLS_PER_LOOKUP). Never "not found", since a way was left unasked; and
 * not the platform's failure, which answered every call it was sent.
 */
export class LookupUnfinished extends UpstreamError {
  constructor(readonly why: 'budget-exhausted' | 'not-all-asked') {
    super(
      'aborted',
      why === 'budget-exhausted' ? "the instance's rate budget allowed no further call" : 'more ways to ask than a lookup makes calls',
    );
  }
}

/** What the gateway knows of a citizen that a platform can be asked by. */
export interface LookupSubject {
  /** Document identifiers (vn-cccd, vn-cmnd, passport), strongest first. */
  documents: Identifier[];
  /** Phones in E.164. */
  phones: string[];
  /** The platforms' own ids that lookups ask by (each definition's `identifiers` with `lookup: true`). */
  platformIds: Identifier[];
  /** Record scopes seen on this instance's records (Zalo's official accounts). */
  scopes: string[];
}

/** One platform instance's lookup API, as the routing layer calls it. Every call takes a signal that really cancels it. */
export interface LookupClient {
  /** The record a platform QR names. */
  byRecord(recordId: string, scope: string | undefined, signal: AbortSignal): Promise<LookupResult>;
  /**
   * The citizen's newest record on this platform, by whatever the platform can be asked by: each of
   * the citizen's documents in turn (ask-in-turn.ts), a further call only when the one before found
   * nothing, and only when `mayAskAgain` allows it (the instance's rate budget).
   */
  latest(subject: LookupSubject, signal: AbortSignal, mayAskAgain?: MayAskAgain): Promise<LookupResult>;
  /** Whether `latest` can ask by this subject at all (absent: always); a subject it cannot is never sent, counted or budgeted. */
  canAsk?(subject: LookupSubject): boolean;
  /** Closes its connections once the calls in flight have ended (a client without any has nothing to close). */
  close?(): Promise<void>;
}

/** The connection an instance's client needs: where the platform is and the credentials it expects. */
export interface PlatformConnection {
  baseUrl: string;
  credentials: Record<string, string>;
  /** Where the calls go instead of a connection pool of the client's own: a client's tests hand in undici's MockAgent. */
  dispatcher?: Dispatcher;
}
