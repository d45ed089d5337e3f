import type { RequestHandler } from 'express';
import cors from 'cors';
import type { HttpPolicy } from '../config';

/** What a partner's page may send and read: the headers the API takes and the ones it answers. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Content-Encoding', 'Idempotency-Key', 'X-Request-Id'];
const EXPOSED_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
  'Idempotent-Replayed',
  'Link',
  'ETag',
  'WWW-Authenticate',
];
/** How long a browser may keep a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins of `corsOrigins` only (CORS_ORIGINS), or none at all: a request from any
 * other origin, or without one, goes on as if this were not here, and its preflight meets the
 * routes (a 401 under /v1, a 405 elsewhere), so the browser refuses it. A listed origin's preflight
 * is answered 204 before the token is asked for (a browser never sends one with it). Never with
 * credentials: the API takes bearer tokens, not cookies.
 */
export function corsPolicy({ corsOrigins }: Pick<HttpPolicy, 'corsOrigins'>): RequestHandler | undefined {
  if (corsOrigins !== '*' && corsOrigins.length === 0) return undefined;
  const listed = new Set(corsOrigins);
  const allow = cors({
    origin: corsOrigins === '*' ? '*' : (origin, decide) => decide(null, origin !== undefined && listed.has(origin)),
    credentials: false,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  if (corsOrigins === '*') return allow;
  return (req, res, next) => {
    // Every answer depends on the origin, refused ones too: a cache must not hand one origin's answer to another.
    res.vary('Origin');
    allow(req, res, next);
  };
}
