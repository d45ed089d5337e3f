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
}

export const jsonReply = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

export function sendReply(res: Response, reply: Reply): void {
  // Past the request's budget the client already has its 503.
  if (res.headersSent) return;
  if (reply.headers) res.set(reply.headers);
  res.status(reply.status).type(reply.contentType).send(reply.body);
}
