import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { ServerLimits } from '../config';

/**
 * The HTTP server around the app, with its limits set on purpose rather than left to Node's
 * defaults: at most `maxConnections` sockets (past it a new connection is closed at once), a whole
 * request (headers and body, batches included) within `requestTimeoutMs` or a 408 and the socket
 * closed, so a slowly sent body cannot hold a socket for minutes; headers within `headersTimeoutMs`;
 * idle keep-alive connections closed after 65 s (longer than the usual load balancer's 60 s, so the
 * balancer closes first). Limits are checked every second, not Node's default 30.
 */
export function createHttpServer(app: Express, limits: ServerLimits): Server {
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: 1000,
      keepAliveTimeout: 65_000,
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}
