import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { ServerLimits } from '../config';
import { answerClientErrors } from './client-error-answers';
import { watchSocketEnds } from './socket-ends';
import { expressServerClasses } from './pipeline';

/**
 * A socket on which nothing at all moves for this long, in either direction, is closed: a client
 * that stopped reading its answer (Node bounds the request's arrival, not the answer's departure)
 * cannot hold a socket and its buffered answer for ever. Every route reads or writes far more often:
 * the longest, a tracing query, answers within 10 s; a batch reads its body as it goes.
 */
export const SOCKET_IDLE_TIMEOUT_MS = 120_000;

/**
 * The HTTP server around the app, with its limits set on purpose rather than left to Node's
 * defaults: at most `maxConnections` sockets (past it a new connection is closed at once), a whole
 * request (headers and body, batches included) within `requestTimeoutMs` or a 408 and the socket
 * closed, so a slowly sent body cannot hold a socket for minutes; headers within
 * `headersTimeoutMs`; idle keep-alive connections closed after `keepAliveTimeoutMs` (65 s, longer
 * than the usual load balancer's 60 s, so the balancer closes first); a socket silent both ways for
 * SOCKET_IDLE_TIMEOUT_MS closed. Limits are checked every second, not Node's default 30. What the
 * server refuses itself (408, 413, 431, an unreadable request's 400) is answered in problem+json with
 * the security headers (`policy.hsts` as the app's), not Node's bare status line
 * (client-error-answers.ts).
 *
 * headersTimeout stays short (10 s) although the old advice is to set it above keepAliveTimeout:
 * that advice answered Node before 18, which counted the headers' time from the connection's last
 * activity, so an idle keep-alive connection was cut at headersTimeout. Node 20 counts it from a
 * request's first byte only (test/http/keep-alive.test.ts shows an idle connection outliving it and
 * served), and a 65 s headersTimeout would let a slowloris client hold each socket 65 s.
 */
export function createHttpServer(app: Express, limits: ServerLimits, policy: { hsts: boolean } = { hsts: false }): Server {
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: 1000,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      ...expressServerClasses(app),
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  server.timeout = SOCKET_IDLE_TIMEOUT_MS;
  watchSocketEnds(server);
  answerClientErrors(server, policy);
  return server;
}
