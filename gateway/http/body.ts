import express, { type Request, type RequestHandler } from 'express';
import { BadRequest } from './problems';

/**
 * The one body parser: the bytes as sent, kept raw, so that an Idempotency-Key is checked against
 * exactly what was sent and an NDJSON batch is read line by line. A route reads JSON from them with `jsonBody`.
 */
export function rawBody(limit: string): RequestHandler {
  return express.raw({ type: () => true, limit });
}

/** The request's body read as one JSON document; an empty or broken body is a 400 naming what to send. */
export function jsonBody(req: Request, expected: string): unknown {
  const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (text.trim() === '') throw new BadRequest(`the body is empty: send ${expected}`, [{ pointer: '', message: 'empty body' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(`the body is not valid JSON: send ${expected}`, [{ pointer: '', message: 'not valid JSON' }]);
  }
}
