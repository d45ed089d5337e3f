import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Reply } from './reply';

/**
 * A document that changes only with a release or a restart (the JWKS, the API document), answered
 * with an ETag computed once, here, from its bytes, weak (`W/`) because the same document leaves in
 * gzip, br or as it is, and a strong tag would name three different byte sequences: `304` without a body when the request's
 * If-None-Match names it (RFC 9110 13.1.2, weak comparison, `*` included). Evaluated here rather
 * than by express's `req.fresh`, which calls every request with `Cache-Control: no-cache` stale, and
 * fetch (Node's, browsers') adds that header to every request it sends with If-None-Match.
 */
export function cacheableDocument(body: string, contentType: string, cacheControl: string): (req: Request) => Reply {
  const etag = `W/"${createHash('sha256').update(body).digest('base64url')}"`;
  const headers = { 'Cache-Control': cacheControl, ETag: etag };
  const whole: Reply = { status: 200, contentType, body, headers };
  const unchanged: Reply = { status: 304, contentType, body: '', headers };
  return (req) => (names(req.get('if-none-match'), etag) ? unchanged : whole);
}

function names(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const given = tag.trim();
    return given === '*' || given.replace(/^W\//, '') === etag.slice(2);
  });
}
