import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { UpstreamError, type LookupResult } from './upstream';

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
 * One client per platform instance, built once, on node's own HTTP: keep-alive connections
 * (bounded, so a slow platform cannot open sockets without end), no redirects (a 3xx is an answer
 * like any other), the body read as text, at most 1 MB, decompressed when the platform compressed
 * it. Node's http rather than axios: axios' config merging, header objects and interceptors per
 * request were about a quarter of a scan's CPU (issue 12). There is no timeout of its own: every
 * call carries an AbortSignal that combines the breaker's timeout and the scan's deadline, and
 * aborting it destroys the request, so the connection and the body's reading really end.
 */
export function createHttpClient(baseURL: string, headers: Record<string, string>, maxSockets = 64): HttpClient {
  const base = baseURL.replace(/\/+$/, '');
  const secure = base.startsWith('https:');
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets }) : new HttpAgent({ keepAlive: true, maxSockets });
  const send = secure ? httpsRequest : httpRequest;
  const common = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'vnhc-gateway', ...headers };
  return {
    get(path, extra, signal) {
      if (signal.aborted) return Promise.reject(new TransportFailure('ERR_CANCELED'));
      const url = base + (path.startsWith('/') ? path : `/${path}`);
      return new Promise<RawAnswer>((resolve, reject) => {
        const req = send(url, { method: 'GET', agent, headers: extra ? { ...common, ...extra } : common });
        const onAbort = () => fail(new TransportFailure('ERR_CANCELED'));
        const fail = (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          req.destroy();
          reject(error);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (error: NodeJS.ErrnoException) => fail(new TransportFailure(error.code ?? 'ERR_NETWORK')));
        req.once('response', (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) fail(new TransportFailure('ERR_BAD_RESPONSE'));
            else chunks.push(chunk);
          });
          res.on('error', (error: NodeJS.ErrnoException) => fail(new TransportFailure(error.code ?? 'ERR_NETWORK')));
          res.once('end', () => {
            signal.removeEventListener('abort', onAbort);
            let text: string;
            try {
              text = decoded(Buffer.concat(chunks), res.headers['content-encoding']).toString('utf8');
            } catch {
              return reject(new TransportFailure('Z_DATA_ERROR'));
            }
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, retryAfter });
          });
        });
        req.end();
      });
    },
  };
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
  return new UpstreamError('bad-request', `the platform answered ${status}`, status);
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

/** The common answer: 200 with the record, 404 for none (whatever its body), any other status a failure. */
export function recordOrNotFound(res: HttpAnswer): LookupResult {
  if (res.status === 200) return { found: true, native: recordIn(res.body, res.status), text: res.text };
  if (res.status === 404) return { found: false };
  throw statusError(res);
}
