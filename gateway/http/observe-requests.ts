import type { RequestHandler, Response } from 'express';
import type { Caller } from '../auth/access-tokens';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../operations/metrics';

/**
 * Every request, once it is answered: one log line (request id, method, route template, status,
 * duration, and the caller: the token's `sub` once authenticate has verified it) and the HTTP
 * metrics. The route is the express template (`/v1/citizens/:citizenId`), never the path itself: no
 * citizen's id becomes a log field or a metric label. The caller is a partner or an officer, named by
 * the identity provider; never a metric label (one series per caller would grow without bound).
 */
export function observeRequests(logger: Logger, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.locals.logger = logger;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route table names the route before anything answers: a 401 or a 429 is counted as the scan it refused.
      const route = (res.locals.route as string | undefined) ?? 'unmatched';
      const status = String(res.statusCode);
      metrics.httpRequests.inc({ route, method: req.method, status });
      metrics.httpDuration.observe({ route, method: req.method }, seconds);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      const caller = res.locals.caller as Caller | undefined;
      // The parent logger with the request id first: the same line as the request's own logger writes.
      logger[level](
        {
          requestId: res.locals.requestId as string,
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          ...(caller ? { caller: caller.subject } : {}),
          ...(res.locals.notes as Record<string, string> | undefined),
        },
        'request',
      );
    });
    next();
  };
}

/**
 * The request's logger, whose lines carry its request id; made when first asked for, since most
 * requests write no line but the one observeRequests writes without it. Undefined outside the pipeline.
 */
export function requestLog(res: Response): Logger | undefined {
  if (res.locals.log === undefined && res.locals.logger !== undefined)
    res.locals.log = (res.locals.logger as Logger).child({ requestId: res.locals.requestId as string });
  return res.locals.log as Logger | undefined;
}
