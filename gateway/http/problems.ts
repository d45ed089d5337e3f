/**
 * The one error shape every client sees: RFC 9457 problem+json with `type`, `title`, `status`,
 * `detail` and `errors[]` (a JSON pointer and a message each). Each subclass is a thing a client
 * must act on; anything else becomes a 500 without a stack.
 */
export interface ProblemItem {
  pointer: string;
  message: string;
  code?: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: ProblemItem[];
}

const TYPE_BASE = 'https://gateway.vnhc.example/problems/';

export abstract class GatewayError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;

  constructor(
    detail: string,
    readonly errors: ProblemItem[] = [],
  ) {
    super(detail);
  }

  toJSON(): ProblemDocument {
    return { type: TYPE_BASE + this.slug, title: this.title, status: this.status, detail: this.message, errors: this.errors };
  }
}

/** A problem kind: its status, the last segment of its `type`, and the title a client sees. */
function problemKind(status: number, slug: string, title: string) {
  return class extends GatewayError {
    readonly status = status;
    readonly slug = slug;
    readonly title = title;
  };
}

export class BadRequest extends problemKind(400, 'bad-request', 'The request cannot be read') {}
export class Unauthorized extends problemKind(401, 'unauthorized', 'A valid bearer token is required') {}
export class Forbidden extends problemKind(403, 'forbidden', 'The token does not grant this') {}
export class NotFound extends problemKind(404, 'not-found', 'Not found') {}
export class Conflict extends problemKind(409, 'conflict', 'Conflicts with an earlier request') {}
export class PayloadTooLarge extends problemKind(413, 'payload-too-large', 'The body is too large') {}
export class UnsupportedMediaType extends problemKind(415, 'unsupported-media-type', 'The body is not in a format this route reads') {}
export class ValidationFailed extends problemKind(422, 'validation-failed', 'The record cannot be mapped') {}
export class UpstreamUnavailable extends problemKind(503, 'unavailable', 'A service the gateway depends on is unavailable') {}
export class InternalError extends problemKind(500, 'internal', 'The gateway failed') {}
