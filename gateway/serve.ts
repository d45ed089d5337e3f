import type { AddressInfo } from 'node:net';
import type { Gateway } from './bootstrap';
import { ConfigError, type GatewayConfig } from './config';
import { createHttpServer } from './http/http-server';
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
 * Listens on the configured host and port, logs "gateway listening" with the port, and stops
 * cleanly on SIGINT or SIGTERM: the server first, then the gateway (reverse order of what it
 * opened), then `alsoClose` (the sandbox's simulators). Both entry points serve through this.
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
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  logger.info({ port, store: config.redis ? 'redis' : 'memory', production: config.production }, 'gateway listening');
  const stop = () => {
    server.close(() => {
      gateway
        .close()
        .then(alsoClose)
        .then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`gateway failed to stop cleanly: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return port;
}

/** The last word of an entry point whose start failed for a reason other than its configuration. */
export function failedToStart(error: unknown): never {
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
}
