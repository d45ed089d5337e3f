/**
 * The one root of every error the gateway raises on purpose. Each has a stable `code` from a closed
 * set: the HTTP layer turns codes into problem+json through one table (gateway/http/problem-table.ts),
 * and code that must tell failures apart narrows with `instanceof`, never by matching names or texts.
 * Anything that is not a GatewayError is a defect: a 500, logged, never shown.
 */
export type ErrorCode =
  // What a client must act on (4xx).
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'conflict'
  | 'payload-too-large'
  | 'request-timeout'
  | 'headers-too-large'
  | 'too-many-requests'
  | 'rate-limited'
  | 'unsupported-media-type'
  | 'validation-failed'
  // What the gateway could not do now (503): the same request may succeed later.
  | 'unavailable'
  | 'store-unavailable'
  | 'deadline-exceeded'
  | 'overloaded'
  // Never shown to a client as such: a platform's failure is a source outcome, a configuration error stops the process.
  | 'upstream'
  | 'config';

/** One item of a problem's `errors[]`: the JSON pointer of what is wrong, and why. */
export interface ProblemItem {
  pointer: string;
  message: string;
  code?: string;
}

export abstract class GatewayError extends Error {
  abstract readonly code: ErrorCode;

  constructor(
    message: string,
    readonly errors: ProblemItem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
