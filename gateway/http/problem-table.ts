import type { Response } from 'express';
import { GatewayError, type ErrorCode, type ProblemItem } from '../errors/gateway-error';

/** The one error shape every client sees: RFC 9457 problem+json. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: ProblemItem[];
}

const TYPE_BASE = 'https://gateway.vnhc.example/problems/';

interface ProblemKind {
  status: number;
  /** The last segment of `type`: what a client's code branches on. */
  slug: string;
  title: string;
  /** Set where the error's own message is for the logs, not for the client. */
  detail?: string;
}

const UNAVAILABLE = { status: 503, slug: 'unavailable', title: 'A service the gateway depends on is unavailable' };
const INTERNAL: ProblemKind = {
  status: 500,
  slug: 'internal',
  title: 'The gateway failed',
  detail: 'the gateway failed; the request id identifies it in the logs',
};

/** Every error code, as a client sees it. */
const PROBLEMS: Readonly<Record<ErrorCode, ProblemKind>> = {
  'bad-request': { status: 400, slug: 'bad-request', title: 'The request cannot be read' },
  unauthorized: { status: 401, slug: 'unauthorized', title: 'A valid bearer token is required' },
  forbidden: { status: 403, slug: 'forbidden', title: 'The token does not grant this' },
  'not-found': { status: 404, slug: 'not-found', title: 'Not found' },
  'method-not-allowed': { status: 405, slug: 'method-not-allowed', title: 'The route does not take this method' },
  'not-acceptable': { status: 406, slug: 'not-acceptable', title: 'The answer cannot be given in a type the request accepts' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflicts with an earlier request' },
  'payload-too-large': { status: 413, slug: 'payload-too-large', title: 'The body is too large' },
  // Answered by the HTTP server itself, before any route (client-error-answers.ts).
  'request-timeout': { status: 408, slug: 'request-timeout', title: 'The request did not arrive in time' },
  'headers-too-large': { status: 431, slug: 'headers-too-large', title: "The request's headers are too large" },
  'unsupported-media-type': { status: 415, slug: 'unsupported-media-type', title: 'The body is not in a format this route reads' },
  // Not only records: venues, check-ins, tracing queries and notices are refused with it too.
  'validation-failed': { status: 422, slug: 'validation-failed', title: 'The request was refused: each error names its field' },
  'too-many-requests': { status: 429, slug: 'too-many-requests', title: 'Too many requests of this caller at once' },
  'rate-limited': {
    status: 429,
    slug: 'rate-limited',
    title: 'This caller has sent more requests than its allowance for this kind of route',
  },
  unavailable: UNAVAILABLE,
  // Nothing was acknowledged: the client may send the same request again once the store is back.
  'store-unavailable': {
    ...UNAVAILABLE,
    detail:
      'the store did not confirm the request; send it again: what was stored before the failure is answered as stored, never stored twice',
  },
  'deadline-exceeded': { ...UNAVAILABLE, detail: 'the gateway could not answer in time; nothing was acknowledged; retry the request' },
  upstream: { ...UNAVAILABLE, detail: 'a platform did not answer; retry the request' },
  overloaded: { status: 503, slug: 'overloaded', title: 'The gateway is at capacity' },
  config: INTERNAL,
};

/** How long a client refused with a 503 or a 429 should wait: a second, long enough for a burst to pass. */
const RETRY_AFTER_SECONDS = 1;

/** Milliseconds as a Retry-After's delay-seconds: whole seconds rounded up, at least 1, never a 0 that invites an immediate retry. */
export function delaySeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000 - 1e-9));
}

/** The problem a client is shown for an error: a GatewayError by its code, anything else as an internal failure. */
export function toProblem(error: unknown): ProblemDocument {
  if (!(error instanceof GatewayError)) return render(INTERNAL, INTERNAL.detail as string, []);
  const kind = PROBLEMS[error.code];
  return render(kind, kind.detail ?? error.message, kind.detail ? [] : error.errors);
}

function render(kind: ProblemKind, detail: string, errors: ProblemItem[]): ProblemDocument {
  return { type: TYPE_BASE + kind.slug, title: kind.title, status: kind.status, detail, errors };
}

/**
 * Sends a problem: problem+json, and `Retry-After` on every 503 and 429 (the request was not done,
 * and may be sent again): a second, unless whoever refused knew better and set it (a rate limit
 * knows when the next request is allowed, the identity provider's keys when they are fetched next). The one way a problem reaches a client, whoever raises it.
 */
export function sendProblem(res: Response, problem: ProblemDocument): void {
  if ((problem.status === 503 || problem.status === 429) && !res.hasHeader('Retry-After'))
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
