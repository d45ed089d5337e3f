/**
 * `npm start`: the gateway on 127.0.0.1:8080 (PORT, HOST to change), with the in-memory store, or
 * Redis when REDIS_URL (or REDIS_CLUSTER_NODES) is set. Refuses to start in production mode without
 * real secrets. Stops cleanly on SIGINT and SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { createGateway, type Gateway } from './bootstrap';
import { startSandboxPlatforms, writePlatformAddresses, type SandboxPlatforms } from './sandbox/sandbox-platforms';
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
  const platforms = config.sandboxPlatforms ? await startSandboxPlatforms(config.instances) : undefined;
  const gateway = await createGateway(platforms ? { ...config, instances: platforms.instances } : config, logger);
  if (platforms) {
    const file = writePlatformAddresses(config.sandboxDir, platforms);
    const seeded = await seedGateway(gateway, platforms);
    logger.info({ simulators: platforms.simulators.length, seeded, addresses: file }, 'simulated platforms started');
    printPlatforms(platforms, file);
  }
  const server = gateway.app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, store: config.redis ? 'redis' : 'memory', production: config.production }, 'gateway listening');
    if (!config.production) printSandboxHelp(port);
  });
  server.keepAliveTimeout = 65_000;

  const stop = () => {
    server.close(async () => {
      await gateway.close();
      await platforms?.stop();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The platforms' records, ingested once, so the sandbox's citizens exist and a scan finds their platforms. */
async function seedGateway(gateway: Gateway, platforms: SandboxPlatforms): Promise<number> {
  let count = 0;
  for (const simulator of platforms.simulators) {
    for (const record of simulator.records.all()) {
      if ((await gateway.ingest.ingestNative(simulator.instance.name, record)).ok) count += 1;
    }
  }
  return count;
}

function printPlatforms(platforms: SandboxPlatforms, file: string): void {
  const lines = platforms.simulators.map((s) => `  ${s.instance.name.padEnd(20)} ${s.baseUrl}`);
  process.stdout.write(`\nSimulated platforms (addresses also in ${file}):\n${lines.join('\n')}\n  break one: curl -X PUT <address>/__faults -H 'Content-Type: application/json' -d '{"down":true}'\n`);
}

function printSandboxHelp(port: number): void {
  const base = `http://127.0.0.1:${port}`;
  process.stdout.write(`
Sandbox gateway on ${base}  (API document: ${base}/openapi.json)
  token:    TOKEN=$(npm run -s token -- --sub demo-partner --scope "declarations:write declarations:read citizens:read verify operator")
  ingest:   curl -s -X POST ${base}/v1/sources/tokhaiyte/declarations -H "Authorization: Bearer $TOKEN" \\
              -H 'Content-Type: application/json' --data @contracts/platforms/tokhaiyte/examples/tokhaiyte-example.json
  scan:     curl -s -X POST ${base}/v1/verify -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
              -d "{\"qr\": \"<the qr from the answer above, or TKYT:..., NCOVI:..., BZ:..., ZLHD:..., C06Q:..., SC:...>\"}"
`);
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
