import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './bootstrap';
import { ConfigError, type GatewayConfig } from './config';
import { createHttpServer } from './http/http-server';
import { RequestDrain } from './http/request-drain';
import type { Logger } from './logging/logger';

/** EX_CONFIG (sysexits.h): the process refused its configuration. */
const EX_CONFIG = 78;

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

/**
 * Listens on the configured host and port, logs "gateway listening" with the port, and on SIGINT or
 * SIGTERM drains before it stops (see drainAndStop). Both entry points serve through this.
 */
export async function serveGateway(
  gateway: Gateway,
  config: GatewayConfig,
  logger: Logger,
  alsoClose: () => Promise<void> = async () => {},
): Promise<number> {
  // A connection queue as deep as the connections it may hold: Node's default of 511 lets the kernel
  // reset a burst of connects (a checkpoint queue reconnecting at once) that the server would take.
  const server = createHttpServer(gateway.app, config.server).listen({
    port: config.port,
    host: config.host,
    backlog: config.server.maxConnections,
  });
  const requests = new RequestDrain(server);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  logger.info({ port, store: config.redis ? 'redis' : 'memory', production: config.production }, 'gateway listening');
  const stop = (signal: NodeJS.Signals) => {
    drainAndStop({ server, requests, gateway, alsoClose, logger, drainMs: config.shutdownDrainMs, signal }).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`gateway failed to stop cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return port;
}

interface Stopping {
  server: Server;
  requests: RequestDrain;
  gateway: Gateway;
  alsoClose: () => Promise<void>;
  logger: Logger;
  drainMs: number;
  signal: NodeJS.Signals;
}

/**
 * A rollout's stop: `/readyz` answers 503 at once while the server still takes connections (the
 * balancer may send a few more before it notices); the requests in flight, and those that still
 * come, are answered, each with `Connection: close`; once none is in flight the server stops
 * listening, then the gateway stops the platforms' breakers and health probes and closes Redis
 * (reverse order of opening), then `alsoClose` the sandbox's simulators; the platforms' idle
 * keep-alive sockets end with the process. Past `drainMs` a timer ends the process (exit 1) whatever
 * is still running; unref'd, it never holds a process that has finished.
 */
async function drainAndStop({ server, requests, gateway, alsoClose, logger, drainMs, signal }: Stopping): Promise<void> {
  const started = performance.now();
  gateway.readiness.drain();
  const inFlight = requests.inFlight;
  logger.info({ signal, inFlight, drainMs }, 'draining: not ready, answering the requests in flight');
  setTimeout(() => {
    logger.error({ inFlight: requests.inFlight, drainMs }, 'drain deadline passed: exiting with requests unanswered');
    process.exit(1);
  }, drainMs).unref();
  await requests.drain();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await gateway.close();
  await alsoClose();
  const drainedMs = Math.round(performance.now() - started);
  logger.info(
    { drained: requests.drained, inFlightAtSignal: inFlight, drainedMs },
    'stopped: requests drained, platform breakers and store closed',
  );
}

/** The last word of an entry point whose start failed for a reason other than its configuration. */
export function failedToStart(error: unknown): never {
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
