import express, { type Express } from 'express';
import { notFoundHandler, problemHandler } from './error-handler';

export interface AppDependencies {
  logError: (error: unknown) => void;
}

/**
 * The whole request pipeline, in the order a request meets it. Route handlers stay small:
 * parse, authorise, call the domain, answer; errors go to the one problem handler at the end.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logError));
  return app;
}
