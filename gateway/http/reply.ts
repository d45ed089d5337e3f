import type { Response } from 'express';

/**
 * What a handler answers, as data: so that an idempotent request can store it and replay it
 * byte for byte, and handlers never touch `res` (gateway/http/handle.ts sends it).
 */
export interface Reply {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** False for an answer a retry could improve (a batch with lines the store could not take): not kept for replay. */
  final?: boolean;
  /** The longest an Idempotency-Key's replay may keep this answer: the personal data it holds goes then (ReplayBound). */
  keepForReplayMs?: number;
}

export const jsonReply = (status: number, value: unknown): Reply => jsonTextReply(status, JSON.stringify(value));

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON answer serialised already (a large one, written a part at a time: gateway/tracing/answer-json.ts). */
export const jsonTextReply = (status: number, json: string): Reply => ({
  status,
  contentType: JSON_CONTENT_TYPE,
  body: json,
});

export function sendReply(res: Response, reply: Reply): void {
  // Past the request's budget the client already has its 503.
  if (res.headersSent) return;
  if (reply.headers) res.set(reply.headers);
  if (typeof reply.body === 'string' && reply.contentType === JSON_CONTENT_TYPE && sentAsItIs(res, reply.status)) {
    // What express's send does for this answer, without its content type's parsing and formatting.
    res.statusCode = reply.status;
    res.setHeader('Content-Type', JSON_CONTENT_TYPE);
    res.setHeader('Content-Length', String(Buffer.byteLength(reply.body)));
    res.end(reply.body, 'utf8');
    return;
  }
  res.status(reply.status).type(reply.contentType).send(reply.body);
}

/**
 * Whether express's send would write this answer's status, type, length and body as they are: not
 * for HEAD (no body), 204, 205 and 304 (headers stripped, no body), a conditional GET (which send
 * may turn into a 304), or an answer given a Transfer-Encoding (no Content-Length then).
 */
function sentAsItIs(res: Response, status: number): boolean {
  const { method, headers } = res.req;
  if (method === 'HEAD' || status === 204 || status === 205 || status === 304 || res.hasHeader('transfer-encoding')) return false;
  return method !== 'GET' || (headers['if-none-match'] === undefined && headers['if-modified-since'] === undefined);
}

/** Where a streamed answer's lines go, each as soon as it is known; resolves when there is room for the next. */
export interface LineSink {
  write(line: string): Promise<void>;
}

/** How a streamed answer ends: its last line, and whether it is final in Reply's sense (kept for replay). */
export interface StreamedEnd {
  last: string;
  final: boolean;
  /** As Reply's: when the first of its lines' data goes (RecordAnswer.keptForMs). */
  keepForReplayMs?: number;
}

/**
 * Past this much answer waiting to be sent, a writer waits for the client to read it, and so a batch
 * stops reading its body. Room for a whole ordinary 10,000-line answer (about 1.2 MiB) besides the
 * sockets' own buffers, so that a client that sends its whole body before it reads does not stall.
 */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/**
 * An NDJSON answer streamed to `res`: `200` and its type with the first line, each line written as it
 * comes. When the client is gone, lines are dropped and nothing waits.
 */
export class NdjsonWriter implements LineSink {
  private corked = false;

  constructor(private readonly res: Response) {}

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  async write(line: string): Promise<void> {
    if (!this.open) return;
    this.start();
    // Lines that end together leave in one write, not one system call and one chunk each.
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      setImmediate(() => {
        this.corked = false;
        this.res.uncork();
      });
    }
    this.res.write(`${line}\n`);
    if (this.res.writableLength > MAX_UNSENT_BYTES) await drained(this.res);
  }

  end(line: string): void {
    if (!this.open) return;
    this.start();
    this.res.end(`${line}\n`);
  }

  private start(): void {
    if (!this.res.headersSent) this.res.status(200).type('application/x-ndjson; charset=utf-8');
  }
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
