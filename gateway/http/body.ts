import { isUtf8 } from 'node:buffer';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler } from 'express';
import { GatewayError } from '../errors/gateway-error';
import { BadRequest, PayloadTooLarge, RequestTimeout, UnsupportedMediaType } from './problems';

/**
 * The one body parser: the bytes as sent, kept raw, so that an Idempotency-Key is checked against
 * exactly what was sent. A route reads JSON from them with `jsonBody`; a route that reads its body
 * as it arrives (an NDJSON batch) uses `streamedBody` instead. `limit` as express.raw reads it.
 *
 * A body of a declared length within the limit and not compressed (nearly every request) is read
 * here, as express.raw reads it but without its layers (type-is, raw-body, on-finished, http-errors:
 * 2-3% of a scan's CPU, issue 12); any other (chunked, compressed, declared past the limit, read
 * already, from a connection gone) goes to express.raw, which answers each as before.
 */
export function rawBody(limit: `${number}kb`): RequestHandler {
  if (!/^[1-9]\d*kb$/.test(limit)) throw new TypeError(`rawBody: a limit in whole KiB ("64kb"), not "${limit}"`);
  const maxBytes = Number.parseInt(limit, 10) * 1024;
  const general = express.raw({ type: () => true, limit: maxBytes });
  return (req, res, next) => {
    // A body that finished arriving after the request's answer (its budget's 503) goes no further:
    // the route would take a scan's place it never gave back (the answer's events had fired), and
    // do work for a client told "nothing was acknowledged" (a review of the scan's admission).
    const proceed: NextFunction = (error?: unknown) => {
      if (!res.headersSent) next(error);
    };
    const { headers } = req;
    const declared = headers['content-length'];
    if (
      declared === undefined ||
      headers['transfer-encoding'] !== undefined ||
      headers['content-encoding'] !== undefined ||
      Number(declared) > maxBytes ||
      req.readableEnded ||
      req.socket.destroyed
    )
      return general(req, res, proceed);
    readWhole(req, proceed);
  };
}

/**
 * Reads a body framed by its Content-Length (node's parser ends it at that length, and never past
 * it) into `req.body`; a connection that ends first is the client's 400.
 */
function readWhole(req: Request, next: NextFunction): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let received = 0;
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  };
  const onEnd = (): void => {
    stop();
    req.body = rest ? Buffer.concat(rest, received) : (first ?? Buffer.alloc(0));
    next();
  };
  const onBroken = (): void => {
    stop();
    next(unreadableBody());
  };
  const stop = (): void => {
    req.off('data', onData).off('end', onEnd).off('error', onBroken).off('close', onBroken);
  };
  req.on('data', onData).on('end', onEnd).on('error', onBroken).on('close', onBroken);
}

/** A body that cannot be read as its headers describe it (cut short, broken compression): the client's 400. */
export function unreadableBody(): BadRequest {
  return new BadRequest('the body could not be read as its headers describe it (its compression, its length)', [
    { pointer: '', message: 'unreadable body' },
  ]);
}

/** `application/json` and the JSON-based types (`application/merge-patch+json` and the like). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/;
/**
 * NDJSON has no registered type: `application/x-ndjson` is the documented one; the JSON Lines names
 * and `text/plain` (what most HTTP clients call a string body) say the same thing, lines of text.
 */
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/plain']);

/**
 * A body declared in a format the route does not read, or in a charset other than UTF-8, is a 415
 * naming what to send. A body with no Content-Type is read as the route's format (RFC 9110 lets a
 * recipient examine it), and refused by its parser if it is not.
 */
function requireMediaType(req: Request, reads: (type: string) => boolean, send: string): void {
  const header = req.get('content-type');
  if (header === undefined || header.trim() === '') return;
  const [type = '', ...parameters] = header.toLowerCase().split(';');
  const charset = parameters
    .map((p) => p.trim())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  const pointer = '/headers/content-type';
  if (!reads(type.trim())) throw new UnsupportedMediaType(`this route reads ${send}`, [{ pointer, message: `not ${send}` }]);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new UnsupportedMediaType('the body must be UTF-8', [{ pointer, message: 'charset other than UTF-8' }]);
}

/**
 * The request's body read as one JSON document; an empty or broken body is a 400 naming what to
 * send, one declared in another format a 415 (after its size: a body too large is a 413 whatever it is).
 */
export function jsonBody(req: Request, expected: string): unknown {
  const bytes = Buffer.isBuffer(req.body) ? req.body : undefined;
  const readsJson = () => requireMediaType(req, (type) => JSON_TYPE.test(type), `${expected} (Content-Type: application/json)`);
  // Decoded as it is, bad UTF-8 would become U+FFFD and be stored in a name an officer reads. A body
  // declared in another type or charset is that type's 415 first (what it is, before what it holds).
  if (bytes && !isUtf8(bytes)) {
    readsJson();
    throw new BadRequest(`the body is not valid UTF-8: send ${expected}`, [{ pointer: '', message: 'not UTF-8' }]);
  }
  // A byte-order mark before the JSON (Windows tools write one) is not part of it: a batch's line with one is read too.
  const decoded = bytes ? bytes.toString('utf8') : '';
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (text.trim() === '') throw new BadRequest(`the body is empty: send ${expected}`, [{ pointer: '', message: 'empty body' }]);
  readsJson();
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(`the body is not valid JSON: send ${expected}`, [{ pointer: '', message: 'not valid JSON' }]);
  }
}

/** The request's body as it arrives, for a route that never holds all of it. */
export interface StreamedBody {
  /**
   * Its bytes, decoded as Content-Encoding says (gzip, deflate, br, as express.raw reads them),
   * pulled: while none is asked for the request is paused, and TCP holds the client back. Past
   * `maxBytes` decoded, PayloadTooLarge (after the bytes up to the limit); a body that cannot be
   * read to its end (broken compression, the connection lost), BadRequest.
   */
  chunks: AsyncGenerator<Buffer>;
  /**
   * Reads and drops what was not asked for, so that the request ends cleanly after its answer (a
   * batch cut short); a body past its deadline is not waited for: the connection ends after the answer.
   */
  discardRest(): void;
}

const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * How long a streamed body may take to arrive: the server's request timeout, less the time its
 * answer needs to end whole (the records read still finishing, the summary). Past the timeout node
 * closes the socket, and a batch sent slower than that (about 170 records a second over 60 s) lost
 * its summary and the reason; stopped here first, it is told both.
 */
export function bodyReadWithinMs(requestTimeoutMs: number): number {
  return requestTimeoutMs - Math.min(5000, Math.floor(requestTimeoutMs / 10));
}

/**
 * The body of `req`, NDJSON, as a stream (see StreamedBody). Refused before a byte is read: a body
 * declared in another format (415), a Content-Length over `maxBytes` (413, as express.raw does), a
 * Content-Encoding it cannot decode (415). Not arrived whole within `readWithinMs` (bodyReadWithinMs),
 * RequestTimeout, at the read that waits past it.
 */
export function streamedBody(req: Request, maxBytes: number, readWithinMs?: number): StreamedBody {
  requireMediaType(req, (type) => NDJSON_TYPES.has(type), 'one JSON record per line (Content-Type: application/x-ndjson)');
  const encoding = (req.get('content-encoding') ?? 'identity').toLowerCase();
  const tooLarge = `the body is larger than this route accepts (${maxBytes / (1024 * 1024)} MiB)`;
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && !decoder)
    throw new UnsupportedMediaType(`Content-Encoding "${encoding}" cannot be read; send gzip, deflate, br or none`);
  if (encoding === 'identity' && Number(req.get('content-length')) > maxBytes) throw new PayloadTooLarge(tooLarge);

  let decoding: Transform | undefined;
  /** The client left before its body's end (not a body that fails to decode, which may fail mid-way). */
  let lost = false;
  // A body the server has received whole is never cut: a gateway slow to read it (a slow store) is not the sender's fault.
  const due = readWithinMs === undefined ? undefined : new ReadDeadline(readWithinMs, () => req.complete);
  async function* read(): AsyncGenerator<Buffer> {
    let source: Readable = req;
    if (decoder) {
      const stream = (decoding = decoder());
      // Its errors reach the reader through the iterator below; once the reader has stopped (a batch
      // cut at its deadline, still finishing its records), one nobody reads must not end the process.
      stream.on('error', () => {});
      // pipe() forwards no error: a request that breaks off must end the decoding too.
      req.once('close', () => {
        if (req.complete) return;
        lost = true;
        stream.destroy(new Error('the connection ended before the body did'));
      });
      source = req.pipe(stream);
    }
    let total = 0;
    // Not destroyed when the reader stops early: the request still has its answer to send.
    const pieces = source.iterator({ destroyOnReturn: false })[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let ended = false;
    try {
      for (;;) {
        const next = await (due ? due.race(pieces.next()) : pieces.next());
        if (next.done) break;
        const chunk = next.value;
        total += chunk.length;
        if (total > maxBytes) {
          yield chunk.subarray(0, chunk.length - (total - maxBytes));
          throw new PayloadTooLarge(tooLarge);
        }
        yield chunk;
      }
      ended = true;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      // The decoder failed and the client had not left: not valid (labelled gzip and sent plain, cut, or damaged).
      throw new BadRequest(decoder && !lost ? `the body is not valid ${encoding}` : 'the connection ended before the body did', [
        { pointer: '', message: 'the body could not be read to its end' },
      ]);
    } finally {
      // The deadline still runs: the rest of a body not read is drained within it (discardRest).
      due?.release();
      // Stopped early (the reader is done with it, or the deadline came): the stream's iterator lets
      // go of it. Not awaited: behind a read still waiting for the client, it ends when that read does.
      if (!ended) pieces.return?.().catch(() => {});
    }
  }
  return {
    chunks: read(),
    discardRest: () => {
      if (decoding) {
        req.unpipe(decoding);
        decoding.destroy();
      }
      // A sender too slow for its deadline is not waited for: its connection ends once its answer has
      // gone (draining it held the socket until the server's timeout, whose 408 Node then wrote after
      // the answer, where a keep-alive client reads it as the answer to its next request).
      if (due?.passed) return closeAfterAnswer(req);
      // Drained to its end for the connection's next request (a batch cut short, an early refusal),
      // but within the deadline still: a sender trickling past it is closed after its answer.
      req.resume();
      if (!due || req.complete) return due?.stop();
      due.whenPassed(() => closeAfterAnswer(req));
      req.once('end', () => due.stop());
      req.once('close', () => due.stop());
    },
  };
}

/**
 * Ends the connection once the request's answer has gone: an answer not begun says so itself
 * (`Connection: close`, and Node closes after it); one under way is let finish, then the socket ends.
 */
function closeAfterAnswer(req: Request): void {
  const res = req.res;
  if (res && !res.headersSent) return void res.setHeader('Connection', 'close');
  const socket = req.socket;
  if (!res || res.writableFinished) socket.end();
  else res.once('finish', () => socket.end());
}

/** A body's deadline: one timer for the whole body, each read raced against it while the body is still arriving. */
class ReadDeadline {
  private readonly timer: NodeJS.Timeout;
  /** The deadline came before the body had arrived whole. */
  passed = false;
  /** The read waiting when it comes, failed then. */
  private waiting?: () => void;
  /** What else happens when it comes (the rest of the body drained: discardRest). */
  private then?: () => void;

  constructor(
    private readonly withinMs: number,
    /** Whether the server has received the body whole: then nothing is cut. */
    private readonly arrived: () => boolean,
  ) {
    this.timer = setTimeout(() => {
      if (this.arrived()) return;
      this.passed = true;
      this.waiting?.();
      this.then?.();
    }, withinMs);
  }

  /** The read, or RequestTimeout once the deadline has passed with the body still arriving (the read left to end by itself). */
  race<T>(read: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const late = () =>
        reject(
          new RequestTimeout(
            `the body did not arrive within ${Math.round(this.withinMs / 1000)} s: send it faster, or in smaller batches`,
            [{ pointer: '', message: 'the body did not arrive in time' }],
          ),
        );
      // Settled by whichever comes first; the read's own end, later, settles nothing (and rejects unheard never).
      read.then(resolve, reject);
      if (this.passed && !this.arrived()) late();
      else this.waiting = late;
    });
  }

  /** No read waits for it any more. */
  release(): void {
    this.waiting = undefined;
  }

  whenPassed(then: () => void): void {
    this.then = then;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.waiting = undefined;
    this.then = undefined;
  }
}
