import type { Request, RequestHandler, Response } from 'express';
import compression from 'compression';

/**
 * Below this an answer goes as it is: a scan's, an ingest's or a problem's (one to a few KiB). Such an
 * answer reaches the client in its first round trip compressed or not (TCP's first flight is ten
 * segments, some 14 KiB), and compressing it cost more CPU than the gateway's whole work for it: at
 * 1 KiB, with the Accept-Encoding every HTTP client sends, a replayed record's 1.1 KiB answer took
 * 0.77 ms of CPU against 0.46 ms (`npm run bench`, the gateway's CPU per request).
 */
export const THRESHOLD_BYTES = 8 * 1024;

/**
 * Types whose answer is streamed line by line (a batch's NDJSON): a compressor holds its bytes until
 * it has a block to emit, and the client would see each line late, or its first only at the end.
 */
const STREAMED = /^(?:application\/x-ndjson|text\/event-stream)\b/i;

/**
 * gzip or br (as the client's Accept-Encoding prefers) for answers past 8 KiB of a compressible type:
 * JSON documents, a tracing CSV, the dashboard page, /metrics (Prometheus asks for gzip). Never for
 * a streamed answer, and never where the answer says `no-transform`.
 */
export function compressAnswers(): RequestHandler {
  const compress = compression({
    threshold: THRESHOLD_BYTES,
    filter: (req: Request, res: Response) => !STREAMED.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res),
  }) as RequestHandler;
  return (req, res, next) => (skipsTheCompressor(req) ? next() : compress(req, res, next));
}

/** A single record's ingest, a check-in. */
const ONE_RECORD = /^\/v1\/(?:sources\/[^/]+\/declarations|declarations|checkins)$/;

/**
 * The busiest routes, whose answers stay well under the threshold (a scan's, one record's, a
 * check-in's, or a problem): they skip compression's wrapping of the answer (hooks on its headers,
 * write and end: some 3% of a replay's CPU and 7% of the bytes it allocated) for a decision known
 * already. Their answers are no-store, so the Vary it would add guides no cache.
 */
function skipsTheCompressor(req: Request): boolean {
  return req.method === 'POST' && (req.path === '/v1/verify' || ONE_RECORD.test(req.path));
}
