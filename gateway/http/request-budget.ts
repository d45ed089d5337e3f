import type { RequestHandler } from 'express';
import { sendProblem, toProblem } from './problem-table';
import { UpstreamUnavailable } from './problems';

/**
 * Every request answers within its budget: past it, the client gets a 503 problem and may retry
 * (the same record, or the same Idempotency-Key, is never stored twice, so a write still finishing
 * behind the 503 is harmless). A batch has a budget of its own, sized to its records.
 */
export function requestBudget(budgetMs: number, exempt: (path: string) => boolean): RequestHandler {
  const problem = toProblem(
    new UpstreamUnavailable(`the gateway could not answer within ${budgetMs} ms; nothing was acknowledged; retry the request`),
  );
  return (req, res, next) => {
    if (exempt(req.path)) return next();
    const timer = setTimeout(() => {
      if (!res.headersSent) sendProblem(res, problem);
    }, budgetMs);
    res.once('close', () => clearTimeout(timer));
    res.once('finish', () => clearTimeout(timer));
    next();
  };
}
