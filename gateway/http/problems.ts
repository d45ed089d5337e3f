import { GatewayError, type ErrorCode } from '../errors/gateway-error';

export type { ProblemItem } from '../errors/gateway-error';

/**
 * The errors a route raises for a client to act on, one class per code. What each becomes on the
 * wire (status, `type`, title) is in one table: problem-table.ts.
 */
function problemOf<C extends ErrorCode>(code: C) {
  return class extends GatewayError {
    readonly code = code;
  };
}

export class BadRequest extends problemOf('bad-request') {}
export class Unauthorized extends problemOf('unauthorized') {}
export class Forbidden extends problemOf('forbidden') {}
export class NotFound extends problemOf('not-found') {}
export class NotAcceptable extends problemOf('not-acceptable') {}
export class MethodNotAllowed extends problemOf('method-not-allowed') {}
export class Conflict extends problemOf('conflict') {}
export class PayloadTooLarge extends problemOf('payload-too-large') {}
export class RequestTimeout extends problemOf('request-timeout') {}
export class HeadersTooLarge extends problemOf('headers-too-large') {}
export class UnsupportedMediaType extends problemOf('unsupported-media-type') {}
export class ValidationFailed extends problemOf('validation-failed') {}
export class UpstreamUnavailable extends problemOf('unavailable') {}
/** Past the caller's allowance for a class of route (gateway/http/rate-limit.ts); its Retry-After is set where it is raised. */
export class RateLimited extends problemOf('rate-limited') {}
