import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './bootstrap';
import { ConfigError, type GatewayConfig, type ServerLimits } from './config';
import { createHttpServer } from './http/http-server';
import { RequestDrain } from './http/request-drain';
import type { Logger } from './logging/logger';

/** EX_CONFIG (sysexits.h): the process refused its configuration. */
export const EX_CONFIG = 78;

/**
 * The configuration `load` gives, or the process ends: a refused configuration is logged with the
 * variable it names and exits 78 before anything listens. Any other failure is a defect and goes on.
 */
export function configurationOrExit<T>(logger: Logger, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal({ reason: error.message }, 'configuration refused; not starting');
    process.exit(EX_CONFIG);
  }
}

/** A listener and the requests it is answering, so that a stop can drain it. */
interface Listener {
  server: Server;
  requests: RequestDrain;
}

/**
 * Listens on the configured host and port, and, when config.ops asks (OPS_PORT), the operators'
 * listener on its own; logs "gateway listening" with both ports, and on SIGINT or SIGTERM drains
 * before it stops (see drainAndStop). Both entry points serve through this.
 */
export async function serveGateway(
  gateway: Gateway,
  config: GatewayConfig,
  logger: Logger,
  alsoClose: () => Promise<void> = async () => {},
): Promise<{ port: number; opsPort?: number }> {
  const api = await listen(gateway.app, config.host, config.port, config.server, config.http);
  const ops =
    gateway.opsApp && config.ops ? await listen(gateway.opsApp, config.ops.host, config.ops.port, config.server, config.http) : undefined;
  const port = portOf(api);
  const opsPort = ops && portOf(ops);
  logger.info(
    { port, ...(ops ? { opsPort } : {}), store: config.redis ? 'redis' : 'memory', production: config.production },
    'gateway listening',
  );
  if (config.production && !ops)
    logger.warn(
      { port },
      'metrics and the dashboard are served on the API port: set OPS_PORT so a NetworkPolicy can keep them from callers',
    );
  const stop = (signal: NodeJS.Signals) => {
    drainAndStop({ api, ops, gateway, alsoClose, logger, drainMs: config.shutdownDrainMs, signal }).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`gateway failed to stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { port, ...(opsPort === undefined ? {} : { opsPort }) };
}

async function listen(app: Express, host: string, port: number, limits: ServerLimits, policy: { hsts: boolean }): Promise<Listener> {
  // A connection queue as deep as the connections it may hold: Node's default of 511 lets the kernel
  // reset a burst of connects (a checkpoint queue reconnecting at once) that the server would take.
  const server = createHttpServer(app, limits, policy).listen({ port, host, backlog: limits.maxConnections });
  const requests = new RequestDrain(server);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  return { server, requests };
}

const portOf = ({ server }: Listener) => (server.address() as AddressInfo).port;

/** Answers what is in flight (new requests still served, each with Connection: close), then stops listening. */
async function drained({ server, requests }: Listener): Promise<void> {
  await requests.drain();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

interface Stopping {
  api: Listener;
  ops?: Listener;
  gateway: Gateway;
  alsoClose: () => Promise<void>;
  logger: Logger;
  drainMs: number;
  signal: NodeJS.Signals;
}

/**
 * A rollout's stop: `/readyz` answers 503 at once (on both listeners) while the server still takes
 * connections (the balancer may send a few more before it notices); the requests in flight, and
 * those that still come, are answered, each with `Connection: close`; once none is in flight the
 * server stops listening; then the operators' listener is drained and closed the same way (it kept
 * answering probes and scrapes during the API's drain, readiness 503 "draining"); then the gateway
 * stops the platforms' breakers and health probes, closes each platform client's connections once
 * its calls have ended, and closes Redis (reverse order of opening), then `alsoClose` the sandbox's
 * simulators.
 * Past `drainMs` a timer ends the process (exit 1) whatever is still running; unref'd, it never holds
 * a process that has finished.
 */
async function drainAndStop({ api, ops, gateway, alsoClose, logger, drainMs, signal }: Stopping): Promise<void> {
  const started = performance.now();
  gateway.readiness.drain();
  const inFlight = api.requests.inFlight;
  logger.info({ signal, inFlight, drainMs }, 'draining: not ready, answering the requests in flight');
  setTimeout(() => {
    logger.error({ inFlight: api.requests.inFlight, drainMs }, 'drain deadline passed: exiting with requests unanswered');
    process.exit(1);
  }, drainMs).unref();
  await drained(api);
  if (ops) await drained(ops);
  await gateway.close();
  await alsoClose();
  const drainedMs = Math.round(performance.now() - started);
  logger.info(
    { drained: api.requests.drained, inFlightAtSignal: inFlight, drainedMs, ...(ops ? { opsDrained: ops.requests.drained } : {}) },
    ops
      ? 'stopped: requests drained, both listeners closed, platform breakers and store closed'
      : 'stopped: requests drained, platform breakers and store closed',
  );
}

/** The last word of an entry point whose start failed for a reason other than its configuration. */
export function failedToStart(error: unknown): never {
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  // A refusal found once the start was under way (a Redis in cluster mode named as one node) is the configuration's, as one found before.
  process.exit(error instanceof ConfigError ? EX_CONFIG : 1);
}
