import type { RequestHandler, Response } from 'express';
import { sendProblem, toProblem } from './problem-table';
import { UpstreamUnavailable } from './problems';

/**
 * Every request answers within its budget: past it, the client gets a 503 problem and may retry
 * (the same record, or the same Idempotency-Key, is never stored twice, so a write still finishing
 * behind the 503 is harmless). A batch has a budget of its own, sized to its records; a route may
 * take one of its own (`routeBudget`) when its path is exempt here.
 */
export function requestBudget(budgetMs: number, exempt: (path: string) => boolean): RequestHandler {
  const budget = routeBudget(budgetMs);
  return (req, res, next) => (exempt(req.path) ? next() : budget(req, res, next));
}

/**
 * One route's budget: the 503 past `budgetMs`, and the request's signal (`signalOf(res)`, the
 * handler's `signal`) aborted at that moment, and when the client goes away, so that work which
 * must not happen behind a 503 (keeping a tracing query, writing its audit line) can check it.
 */
export function routeBudget(budgetMs: number): RequestHandler {
  const problem = toProblem(
    new UpstreamUnavailable(`the gateway could not answer within ${budgetMs} ms; nothing was acknowledged; retry the request`),
  );
  return (_req, res, next) => {
    const signal = new LazySignal();
    res.locals.signal = signal;
    const timer = setTimeout(() => {
      if (!res.headersSent) sendProblem(res, problem);
      signal.abort();
    }, budgetMs);
    const done = () => clearTimeout(timer);
    res.once('finish', done);
    res.once('close', () => {
      done();
      // Gone before its answer was written: nobody will read what the handler still does.
      if (!res.writableFinished) signal.abort();
    });
    next();
  };
}

/**
 * An abort signal made only when something asks for it: most routes never read theirs, and an
 * AbortController is among the costlier things a request would otherwise make. Asked for after its
 * abort, it is aborted already.
 */
class LazySignal {
  private controller?: AbortController;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}

/** The request's signal: aborted once its budget has run out (or never, where it has none). */
export function signalOf(res: Response): AbortSignal {
  return (res.locals.signal as LazySignal | undefined)?.signal ?? NEVER;
}

const NEVER = new AbortController().signal;
