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
  /**
   * What this instance's own stored records of the citizen were declared under, its newest record's
   * first: each record's document, else its phone, else its own id. A platform files a person's
   * records under what they declared with: a lookup asks by these first (LookupClient.ways).
   */
  filedUnder?: Identifier[];
  /**
   * Which of the citizen's platform ids this instance's own stored records carried under each scope,
   * its newest record's first: a Zalo user under each official account they wrote to (a user's forms
   * are asked for under one account at a time, and Zalo's user ids may differ by account).
   */
  scopedIds?: { scope: string; id: Identifier }[];
}

/** One platform instance's lookup API, as the routing layer calls it. Every call takes a signal that really cancels it. */
export interface LookupClient {
  /** The record a platform QR names. */
  byRecord(recordId: string, scope: string | undefined, signal: AbortSignal): Promise<LookupResult>;
  /**
   * The health probe's lookup: one a healthy platform answers "no such record". Absent: a record id
   * that does not exist (`byRecord`), under a scope of no meaning; a platform whose scope must be one
   * it knows (a Zalo account) asks its own way.
   */
  probe?(signal: AbortSignal): Promise<LookupResult>;
  /** The citizen's newest record on this platform, by the first way of `subject` it can be asked by: one call at most. */
  latest(subject: LookupSubject, signal: AbortSignal): Promise<LookupResult>;
  /**
   * Each way this platform can be asked for the citizen's newest record (a document, a device, a
   * phone), as a subject of that way alone, in the order to ask (what its own records were filed
   * under first: lookup-ways.ts). A platform keeps a person's records under each document they
   * declared with, each with its own newest: the router asks every way, each a source of its own.
   * Absent: one lookup of the whole subject.
   */
  ways?(subject: LookupSubject): LookupSubject[];
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
