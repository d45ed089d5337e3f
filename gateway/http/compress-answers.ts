import type { Request, RequestHandler, Response } from 'express';
import compression from 'compression';

/** Below this an answer goes as it is: compressing a problem or a scan's answer costs more than it saves. */
const THRESHOLD_BYTES = 1024;

/**
 * Types whose answer is streamed line by line (a batch's NDJSON): a compressor holds its bytes until
 * it has a block to emit, and the client would see each line late, or its first only at the end.
 */
const STREAMED = /^(?:application\/x-ndjson|text\/event-stream)\b/i;

/**
 * gzip or br (as the client's Accept-Encoding prefers) for answers past 1 KiB of a compressible type:
 * JSON documents, a tracing CSV, the dashboard page, /metrics (Prometheus asks for gzip). Never for
 * a streamed answer, and never where the answer says `no-transform`.
 */
export function compressAnswers(): RequestHandler {
  return compression({
    threshold: THRESHOLD_BYTES,
    filter: (req: Request, res: Response) => !STREAMED.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res),
  }) as RequestHandler;
}
