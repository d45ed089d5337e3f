import type { Request, RequestHandler, Response } from 'express';
import type { Caller } from '../auth/access-tokens';
import type { Logger } from '../logging/logger';
import { requestLog } from './observe-requests';
import { sendReply, type Reply } from './reply';
import { signalOf } from './request-budget';

/** What a handler knows of its request besides the request itself. */
export interface RequestContext {
  /** The authenticated caller (under /v1; public routes have none). */
  caller: Caller;
  requestId: string;
  /** The request's logger (its lines carry the request id). */
  log: Logger;
  /** Aborted once the request's budget has run out and the client has its 503: no keeping or recording after it. */
  signal: AbortSignal;
  /** Adds fields to the request's one log line: ids of things (a checkpoint), never personal data. */
  note(fields: Record<string, string>): void;
}

/** A route's work: parse, authorise, call the domain, and say what to answer, without touching `res`. */
export type Handler = (req: Request, context: RequestContext) => Promise<Reply>;

/** The one wrapper every route goes through: the handler's reply is sent; its error goes to the problem handler. */
export function handle(handler: Handler): RequestHandler {
  return async (req, res) => sendReply(res, await handler(req, contextOf(res)));
}

/** The request's logger and signal are made only if a handler asks for them: most never do. */
export function contextOf(res: Response): RequestContext {
  return {
    caller: res.locals.caller as Caller,
    requestId: res.locals.requestId as string,
    get log() {
      return requestLog(res) as Logger;
    },
    get signal() {
      return signalOf(res);
    },
    note: (fields) => {
      res.locals.notes = { ...(res.locals.notes as Record<string, string> | undefined), ...fields };
    },
  };
}
