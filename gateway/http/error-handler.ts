import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from '../logging/logger';
import { unreadableBody } from './body';
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from './problems';
import { Overloaded } from './admission';
import { BEARER_REALM, ScopeMissing } from './authenticate';
import { requestLog } from './observe-requests';
import { sendProblem, toProblem } from './problem-table';

/**
 * Errors thrown by express's body parsers carry a `type`, and its router's decoding of a path
 * parameter that is not percent-encoding (`/v1/venues/%ZZ`) is a URIError: the client's problem, not ours.
 */
function fromBodyParser(error: unknown): Error | undefined {
  if (error instanceof URIError)
    return new BadRequest('the path is not valid percent-encoding', [{ pointer: '', message: 'a path segment does not decode' }]);
  switch ((error as { type?: unknown } | undefined)?.type) {
    case 'entity.parse.failed':
      return new BadRequest('the body is not valid JSON', [{ pointer: '', message: 'not valid JSON' }]);
    case 'entity.too.large':
      return new PayloadTooLarge('the body is larger than this route accepts');
    case 'encoding.unsupported':
      return new UnsupportedMediaType(
        'the body is compressed in a way the gateway does not read: send it as it is, or as gzip, deflate or br',
        [{ pointer: '/headers/content-encoding', message: 'not gzip, deflate, br or identity' }],
      );
    case 'charset.unsupported':
      return new UnsupportedMediaType('the body must be UTF-8');
    default:
      return refusedBody(error);
  }
}

/**
 * Any other refusal of the body parser's (a body that does not decompress as its Content-Encoding
 * says, one shorter than its Content-Length): the client's body, so a 400, never a 500 that a
 * partner could send at will to raise the error ratio the operators are paged on. http-errors marks
 * such a refusal `expose` with its 4xx status.
 */
function refusedBody(error: unknown): Error | undefined {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return unreadableBody();
}

/**
 * RFC 6750's challenge, on every 401 whoever refused the token: the scheme and realm, and
 * `invalid_token` when a bearer token was sent and refused (without one, no error code: the client
 * has only to authenticate).
 */
function bearerChallenge(req: Request): string {
  const sent = /^bearer(?:\s|$)/i.test(req.get('authorization') ?? '');
  return `Bearer realm="${BEARER_REALM}"${sent ? ', error="invalid_token"' : ''}`;
}

/** The last handler: every error becomes problem+json; a 5xx is logged (with the request's id), its stack never sent. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toProblem(fromBodyParser(error) ?? error);
    const log = () => requestLog(res) ?? logger;
    // The request budget may have answered already (a 503); the late failure is only logged.
    if (res.headersSent) {
      if (problem.status >= 500) log().warn({ err: error }, 'failed after the answer was sent');
      return;
    }
    // Refused at capacity is expected under load: not an error of ours.
    if (problem.status >= 500 && !(error instanceof Overloaded)) log().error({ err: error }, problem.title);
    if (problem.status === 401) res.set('WWW-Authenticate', bearerChallenge(req));
    if (error instanceof ScopeMissing)
      res.set('WWW-Authenticate', `Bearer realm="${BEARER_REALM}", error="insufficient_scope", scope="${error.scope}"`);
    sendProblem(res, problem);
  };
}
