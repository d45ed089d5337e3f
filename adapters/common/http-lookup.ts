import { Agent } from 'node:http';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { UpstreamError, type LookupResult } from './upstream';

export interface HttpAnswer {
  status: number;
  /** The body parsed as JSON; undefined for an empty body. */
  body: unknown;
  /** From a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * One axios instance per platform instance, built once: keep-alive connections (bounded, so a
 * slow platform cannot open sockets without end), no redirects, and the body taken as text so a
 * malformed one is our finding, not an axios exception. There is no axios timeout: every call
 * carries an AbortSignal that combines the breaker's timeout and the scan's deadline.
 */
export function createHttpClient(baseURL: string, headers: Record<string, string>, maxSockets = 64): AxiosInstance {
  return axios.create({
    baseURL,
    headers: { Accept: 'application/json', ...headers },
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    httpAgent: new Agent({ keepAlive: true, maxSockets }),
    maxContentLength: 1_000_000,
  });
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
 * values are encoded here with encodeURIComponent (axios' own encoding leaves some characters as
 * they are), so a `+` in an E.164 phone or a `&` in an id arrives as it was sent.
 */
export async function getJson(
  http: AxiosInstance,
  url: string,
  signal: AbortSignal,
  params?: Record<string, string | number>,
  headers?: Record<string, string>,
): Promise<HttpAnswer> {
  let response;
  try {
    response = await http.get<string>(url + queryString(params), { headers, signal });
  } catch (error) {
    throw transportError(error, signal);
  }
  const text = typeof response.data === 'string' ? response.data : '';
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // A 2xx that is not JSON is a broken answer; an error page in HTML is still an error status.
      if (response.status < 300)
        throw new UpstreamError('malformed', 'the platform answered with a body that is not JSON', response.status);
    }
  }
  return { status: response.status, body, ...retryAfter(response.headers['retry-after']) };
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
 * deadline), which does not count against the platform. Anything axios did not raise is a defect
 * of ours (a TypeError), not the platform's failure: it goes on as it is.
 */
function transportError(error: unknown, signal: AbortSignal): UpstreamError {
  if (!isAxiosError(error)) throw error;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof UpstreamError && signal.reason.kind === 'timeout';
    return timedOut
      ? new UpstreamError('timeout', 'the platform did not answer in time')
      : new UpstreamError('aborted', 'the call was cancelled');
  }
  // axios' documented codes for a connection or response that timed out.
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')
    return new UpstreamError('timeout', 'the platform did not answer in time');
  return new UpstreamError('connection', `the connection to the platform failed (${error.code ?? 'no code'})`);
}

/** The common answer: 200 with the record, 404 for none (whatever its body), any other status a failure. */
export function recordOrNotFound(res: HttpAnswer): LookupResult {
  if (res.status === 200) return { found: true, native: recordIn(res.body, res.status) };
  if (res.status === 404) return { found: false };
  throw statusError(res);
}
