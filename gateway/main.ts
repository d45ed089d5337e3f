/**
 * `npm start`: the gateway on 127.0.0.1:8080 (PORT, HOST to change), with the in-memory store, or
 * Redis when REDIS_URL (or REDIS_CLUSTER_NODES) is set. Refuses to start in production mode without
 * real secrets. Stops cleanly on SIGINT and SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { createGateway } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging/logger';

async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.fatal({ reason: error.message }, 'configuration refused; not starting');
    process.exit(78); // EX_CONFIG
  }
  const gateway = await createGateway(config, logger);
  const server = gateway.app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, store: config.redis ? 'redis' : 'memory', production: config.production }, 'gateway listening');
    if (!config.production) printSandboxHelp(port);
  });
  server.keepAliveTimeout = 65_000;

  const stop = () => {
    server.close(async () => {
      await gateway.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printSandboxHelp(port: number): void {
  const base = `http://127.0.0.1:${port}`;
  process.stdout.write(`
Sandbox gateway on ${base}  (API document: ${base}/openapi.json)
  token:    TOKEN=$(npm run -s token -- --sub demo-partner --scope "declarations:write declarations:read citizens:read verify operator")
  ingest:   curl -s -X POST ${base}/v1/sources/tokhaiyte/declarations -H "Authorization: Bearer $TOKEN" \\
              -H 'Content-Type: application/json' --data @contracts/platforms/tokhaiyte/examples/tokhaiyte-example.json
`);
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
