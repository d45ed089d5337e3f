import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { CallSlots } from './call-slots';
import { UpstreamError, type LookupResult, type PlatformConnection } from './upstream';

export interface HttpAnswer {
  status: number;
  /** The body parsed as JSON; undefined for an empty body. */
  body: unknown;
  /** The body as it came (decompressed, without a BOM). */
  text: string;
  /** From a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
}

/** What a platform sent back, before it is read as JSON. */
export interface RawAnswer {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

/** One platform instance's GETs: a path (and query) under its base URL, with extra headers, cancelled by a signal. */
export interface HttpClient {
  get(path: string, headers: Record<string, string> | undefined, signal: AbortSignal): Promise<RawAnswer>;
  /** Closes the pool's connections once the calls in it have ended; a handed-in dispatcher is its owner's to close. */
  close(): Promise<void>;
}

/** A request that failed on the wire or was cancelled: `code` is node's (ECONNRESET...) or ours. */
export class TransportFailure extends Error {
  constructor(readonly code: string) {
    super(`transport failure (${code})`);
    this.name = 'TransportFailure';
  }
}

/** Larger answers are refused: a lookup's record is a few kilobytes. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * A connection (TCP, and TLS for https) not made within this is given up: far past every breaker's
 * timeout (at most 700 ms), so it only bounds how long a call cancelled while connecting, which
 * undici ends once connected, holds its slot (undici's own default is 10 s).
 */
const CONNECT_TIMEOUT_MS = 2000;

/** undici's timeouts: a timeout like node's ETIMEDOUT, not a failed connection. */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * One client per platform instance, built once, on undici: a pool of keep-alive connections to the
 * platform's origin (bounded, so a slow platform cannot open sockets without end), no redirects (a
 * 3xx is an answer like any other), the body read as text, at most 1 MB, decompressed when the
 * platform compressed it. undici rather than node's http, which was axios' replacement: 82-104 µs
 * of CPU a call against node's 185-199 µs (a 900-byte JSON answer, 32 in flight; issue 12). There
 * is no timeout of its own but the connect timeout: every call carries an AbortSignal that combines
 * the breaker's timeout and the scan's deadline, and aborting it destroys the request's connection,
 * so the wait and the body's reading really end. At most `maxSockets` calls are in the pool at once
 * (CallSlots says why); a call waiting for one leaves when its signal aborts.
 * `connection.dispatcher` replaces the pool (a client's own tests hand in undici's MockAgent).
 */
export function createHttpClient(connection: PlatformConnection, headers: Record<string, string>, maxSockets = 64): HttpClient {
  const url = new URL(connection.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = connection.dispatcher
    ? undefined
    : new Pool(url.origin, { connections: maxSockets, connect: { timeout: CONNECT_TIMEOUT_MS } });
  const dispatcher: Dispatcher = connection.dispatcher ?? (pool as Pool);
  const slots = new CallSlots(maxSockets);
  const common = {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': 'vnhc-gateway',
    ...lowerCased(headers),
  };
  return {
    close: async () => pool?.close(),
    async get(path, extra, signal) {
      if (signal.aborted) throw new TransportFailure('ERR_CANCELED');
      const slot = await slots.take(signal);
      if (slot === 'cancelled') throw new TransportFailure('ERR_CANCELED');
      if (slot === 'full') throw new TransportFailure('ERR_CLIENT_FULL');
      let answer: Received;
      try {
        answer = await received(
          dispatcher,
          {
            origin: url.origin,
            path: basePath + (path.startsWith('/') ? path : `/${path}`),
            method: 'GET',
            headers: extra ? { ...common, ...lowerCased(extra) } : common,
          },
          signal,
          // The call's place in the pool is held until undici has let go of it: a call cancelled
          // before a connection took it ends for its caller at once, yet stays in the pool until
          // then, and a place freed earlier would let the pool queue without bound.
          () => slots.release(),
        );
      } catch (error) {
        throw asTransportFailure(error, signal);
      }
      let text: string;
      try {
        text = decoded(answer.body, header(answer.headers['content-encoding'])).toString('utf8');
      } catch {
        throw new TransportFailure('Z_DATA_ERROR');
      }
      const retryAfter = header(answer.headers['retry-after']);
      return { status: answer.statusCode, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, retryAfter };
    },
  };
}

/** An answer as it came: its status, headers and whole body. */
interface Received {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request through undici's dispatch, its answer gathered into one buffer: no body stream, no
 * async iteration, no async resource per call, which its `request` makes for every answer (issue
 * 12: 101-119 µs of the client's CPU a call through `request`, 85-94 µs here; a 900-byte answer, 32
 * in flight, three interleaved runs). The signal aborts it: before a connection took it, the call
 * ends for its caller at once and is aborted when one does; on the wire, undici destroys its
 * connection, so the wait and the reading really end. A body past MAX_BODY_BYTES is refused and its
 * connection destroyed, not drained. `released` is called once undici has let go of the call,
 * whichever way it ended.
 */
function received(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal,
  released: () => void,
): Promise<Received> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let ended = false;
    const settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error !== undefined) return reject(error);
      resolve({ statusCode, headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
    };
    /** undici is done with the call (answered, failed or aborted): once. */
    const end = (error?: unknown): void => {
      if (!ended) {
        ended = true;
        released();
      }
      settle(error);
    };
    const cancelled = (): Error => new TransportFailure('ERR_CANCELED');
    const onAbort = (): void => {
      controller?.abort(cancelled());
      settle(cancelled());
    };
    // Aborted while it waited for its place: nothing is handed to undici, and the place is free again.
    if (signal.aborted) return end(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      dispatcher.dispatch(options, {
        onRequestStart(started) {
          controller = started;
          if (settled) started.abort(cancelled());
        },
        onResponseStart(_controller, status, answerHeaders) {
          statusCode = status;
          headers = answerHeaders;
        },
        onResponseData(reading, chunk) {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            // Paused first, as undici does for a handler that fails here: the parser stops within
            // this buffer, rather than go on to complete a request already aborted.
            reading.pause();
            return reading.abort(new TransportFailure('ERR_BAD_RESPONSE'));
          }
          chunks.push(chunk);
        },
        onResponseEnd: () => end(),
        onResponseError: (_controller, error) => end(error ?? new TransportFailure('ERR_BAD_RESPONSE')),
      });
    } catch (error) {
      end(error ?? new TransportFailure('ERR_BAD_RESPONSE'));
    }
  });
}

/**
 * What a failed request or body read means here: cancelled by its signal, or a failure of the wire
 * with undici's or node's code (ECONNRESET, UND_ERR_SOCKET...). An argument undici refused is a
 * defect of ours, not the platform's failure: it goes on as it is, as does anything without a code.
 */
function asTransportFailure(error: unknown, signal: AbortSignal): unknown {
  if (error instanceof TransportFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_INVALID_ARG') return error;
  if (signal.aborted) return new TransportFailure('ERR_CANCELED');
  if (typeof code !== 'string') return error;
  return new TransportFailure(TIMEOUT_CODES.has(code) ? 'ETIMEDOUT' : code);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The body as the platform meant it: compressed ones inflated, never past the size limit. */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  const limit = { maxOutputLength: MAX_BODY_BYTES };
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body, limit);
    case 'deflate':
      return inflateSync(body, limit);
    case 'br':
      return brotliDecompressSync(body, limit);
    default:
      return body;
  }
}

/**
 * A URL path whose every interpolated value is one encoded segment: `urlPath\`/oa/${oa}/forms/${id}\``.
 * Ids are opaque, and may hold what a path gives meaning to (`/`, `?`, `#`, `%`); encoded, none of
 * it can reach another route. A value of dots alone would be a `.` or `..` step that the URL
 * resolves however it is escaped: it is refused before any request is made (a bad request, which
 * the breaker does not count against the platform).
 */
export function urlPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((path, literal, i) => {
    if (i === 0) return literal;
    const value = values[i - 1] as string;
    if (/^\.*$/.test(value)) throw new UpstreamError('bad-request', 'an empty id, or one of dots alone, cannot be looked up');
    return path + encodeURIComponent(value) + literal;
  }, '');
}

/**
 * GET with cancellation; a transport failure becomes an UpstreamError of the right kind. Query
 * values are encoded here with encodeURIComponent, so a `+` in an E.164 phone or a `&` in an id
 * arrives as it was sent.
 */
export async function getJson(
  http: HttpClient,
  url: string,
  signal: AbortSignal,
  params?: Record<string, string | number>,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  let response;
  try {
    response = await http.get(url + queryString(params), headers, signal);
  } catch (error) {
    throw transportError(error, signal);
  }
  const { text, status } = response;
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // A 2xx that is not JSON is a broken answer; an error page in HTML is still an error status.
      if (status < 300) throw new UpstreamError('malformed', 'the platform answered with a body that is not JSON', status);
    }
  }
  return { status, body, text, ...retryAfter(response.retryAfter) };
}

/**
 * The failure a status means, for the statuses a platform's own handler did not take: 429 and
 * 503 are rate limits (with Retry-After), other 5xx server errors, 401/403 our credentials.
 */
export function statusError(answer: HttpAnswer): UpstreamError {
  const { status } = answer;
  if (status === 429 || status === 503)
    return new UpstreamError('rate-limited', `the platform answered ${status}`, status, answer.retryAfterMs);
  if (status >= 500) return new UpstreamError('server-error', `the platform answered ${status}`, status);
  if (status === 401 || status === 403)
    return new UpstreamError('auth', `the platform refused the gateway's credentials (${status})`, status);
  // A page that is not JSON (a proxy's or an ingress's 404 or 302) is the platform not reached: a
  // failure its breaker counts. Its own JSON error is a request it refused, which is not counted.
  return new UpstreamError(answer.body === undefined ? 'malformed' : 'bad-request', `the platform answered ${status}`, status);
}

/** An object body, or a malformed answer. */
export function recordIn(body: unknown, status: number): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new UpstreamError('malformed', 'the platform answered without a record', status);
  return body;
}

function queryString(params: Record<string, string | number> | undefined): string {
  const pairs = Object.entries(params ?? {}).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function retryAfter(header: unknown): { retryAfterMs?: number } {
  if (typeof header !== 'string') return {};
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  const date = Date.parse(header);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - Date.now()) };
}

/**
 * The UpstreamError a failed request means. Cancelled by its signal: a timeout when the signal's
 * reason is one (the breaker's, a probe's: see timeoutSignal), otherwise an abort (the scan's
 * deadline), which does not count against the platform. Anything that is not a TransportFailure
 * is a defect of ours (a TypeError), not the platform's failure: it goes on as it is.
 */
function transportError(error: unknown, signal: AbortSignal): UpstreamError {
  if (!(error instanceof TransportFailure)) throw error;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof UpstreamError && signal.reason.kind === 'timeout';
    return timedOut
      ? new UpstreamError('timeout', 'the platform did not answer in time')
      : new UpstreamError('aborted', 'the call was cancelled');
  }
  if (error.code === 'ETIMEDOUT') return new UpstreamError('timeout', 'the platform did not answer in time');
  return new UpstreamError('connection', `the connection to the platform failed (${error.code})`);
}

/**
 * The common answer: 200 with the record, 404 with the platform's own not-found answer for none,
 * any other status a failure. A 404 of another body (an ingress's or a proxy's "Not Found" page, a
 * path the platform no longer serves) is the platform failing, not the person having no record:
 * taken as none, it dropped a red the gateway held for the citizen, and the health probe read it as up.
 */
export function recordOrNotFound(saysNotFound: (answer: HttpAnswer) => boolean): (answer: HttpAnswer) => LookupResult {
  return (res) => {
    if (res.status === 200) return { found: true, native: recordIn(res.body, res.status), text: res.text };
    if (res.status === 404) return notFoundIf(saysNotFound(res), res);
    throw statusError(res);
  };
}

/**
 * None, when the platform said so in its own words. Else a failure, never "no record", as any other
 * status (statusError): a page that is not JSON is the platform not reached, which its breaker counts;
 * a JSON error of the platform's other than its not-found (an account it does not know, say) is a
 * request it refused, which the breaker does not count: anyone can scan a code that makes one, and
 * must not open the platform's breaker for every checkpoint by it.
 */
export function notFoundIf(said: boolean, res: HttpAnswer): LookupResult {
  if (said) return { found: false };
  throw statusError(res);
}

/** Whether a JSON body is an object whose member `name` is `value`: a platform's error code. */
export function memberIs(body: unknown, name: string, value: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as Record<string, unknown>)[name] === value;
}
