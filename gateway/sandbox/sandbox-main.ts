/**
 * The sandbox entry, `npm start`: the gateway on 127.0.0.1:8080 (PORT, HOST to change) with the
 * sandbox's own secrets (made on first start in SANDBOX_DIR) and, unless ADAPTER_INSTANCES_FILE
 * names real platforms, one simulated platform per instance on loopback, seeded with synthetic
 * citizens that the gateway ingests at start. In-memory store, or Redis when REDIS_URL (or
 * REDIS_CLUSTER_NODES) is set. The same gateway as production's (createGateway), never its fallback.
 */
import { createServer } from 'node:net';
import { relative } from 'node:path';
import { createGateway, type Gateway } from '../bootstrap';
import { ConfigError, loadSandboxSettings } from '../config';
import { createLogger } from '../logging/logger';
import { writeWaitingLines } from '../logging/turn-buffered-stdout';
import { configurationOrExit, failedToStart, serveGateway } from '../serve';
import { loadSandboxConfig } from './sandbox-config';
import { SANDBOX_PARTNER, startSandboxPlatforms, writePlatformAddresses, type SandboxPlatforms } from './sandbox-platforms';
import { writeTodaysExample } from './todays-example';

async function main(): Promise<void> {
  const logger = createLogger();
  const { config, settings } = configurationOrExit(logger, () => ({ config: loadSandboxConfig(), settings: loadSandboxSettings() }));
  // Before anything is written or seeded: a second `npm start` beside a running one rewrote that
  // one's platform addresses, then failed on the port.
  await portsFree([{ host: config.host, port: config.port, name: 'PORT' }, ...(config.ops ? [{ ...config.ops, name: 'OPS_PORT' }] : [])]);
  const platforms = settings.platforms ? await startSandboxPlatforms(config.instances) : undefined;
  const gateway = await createGateway(platforms ? { ...config, instances: platforms.instances } : config, logger);
  if (platforms) {
    const file = writePlatformAddresses(settings.dir, platforms);
    // Seeding writes: with REDIS_URL, it waits for a Redis not there yet, as the sandbox always did.
    await gateway.storeConnected;
    const seeded = await seedGateway(gateway, platforms);
    logger.info({ simulators: platforms.simulators.length, seeded, addresses: file }, 'simulated platforms started');
    printPlatforms(platforms, file);
  }
  const { port, opsPort } = await serveGateway(gateway, config, logger, async () => platforms?.stop());
  const example = writeTodaysExample(settings.dir, new Date());
  // The Ministry's site holds what was declared on it: a scan of the example's citizen after its
  // ingest finds it there too (else tokhaiyte answered not-found beside the declaration it cited).
  platforms?.simulators.find((s) => s.instance.platform === 'tokhaiyte')?.records.add(example.record);
  printSandboxHelp(port, opsPort, relative(process.cwd(), example.file), settings.dir);
}

/** Each port free to listen on now (0: any port, always), else a ConfigError naming its variable. */
async function portsFree(ports: { host: string; port: number; name: string }[]): Promise<void> {
  for (const { host, port, name } of ports) {
    if (port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new ConfigError(`${name}: ${host}:${port} is in use (another npm start?); stop it, or choose another with ${name}=...`)
            : error,
        ),
      );
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}

/**
 * The platforms' records, ingested once, so the sandbox's citizens exist and a scan finds their
 * platforms: how many took, and how many met another record under their
 * ids (a store kept from an earlier run the same day: the simulators make their ids from the date,
 * their times from the start, so that run's records stand and these are conflicts), or were refused.
 */
async function seedGateway(gateway: Gateway, platforms: SandboxPlatforms): Promise<{ stored: number; conflicts: number; refused: number }> {
  const seeded = { stored: 0, conflicts: 0, refused: 0 };
  for (const simulator of platforms.simulators) {
    for (const record of simulator.records.all()) {
      const outcome = await gateway.ingest.ingestNative(simulator.instance.name, record, 'id-only');
      if (outcome.ok) seeded.stored += 1;
      else if (outcome.conflict) seeded.conflicts += 1;
      else seeded.refused += 1;
    }
  }
  return seeded;
}

function printPlatforms(platforms: SandboxPlatforms, file: string): void {
  const lines = platforms.simulators.map((s) => `  ${s.instance.name.padEnd(20)} ${s.baseUrl}`);
  writeWaitingLines(); // the log lines before it, first
  process.stdout.write(
    `\nSimulated platforms (addresses also in ${file}):\n${lines.join('\n')}\n  break one: curl -X PUT <address>/__faults -H 'Content-Type: application/json' -d '{"down":true}'\n`,
  );
}

/**
 * `example`: today's example record (todays-example.ts), as a path from the working directory.
 * `sandboxDir`: where the sandbox's identity provider is; the token command must sign with the same
 * one, so a folder other than the default is named in it (else it makes a new provider, refused).
 */
function printSandboxHelp(port: number, opsPort: number | undefined, example: string, sandboxDir: string): void {
  const base = `http://127.0.0.1:${port}`;
  // The operators' page: on OPS_PORT when given, else on the API's port.
  const operators = `http://127.0.0.1:${opsPort ?? port}`;
  // Quoted for the shell only when it must be: a folder with a space or a quote in its path.
  const quoted = /^[\w./-]+$/.test(sandboxDir) ? sandboxDir : `'${sandboxDir.replaceAll("'", "'\\''")}'`;
  const sameSandbox = sandboxDir === loadSandboxSettings({}).dir ? '' : `SANDBOX_DIR=${quoted} `;
  writeWaitingLines(); // the log lines before it, first
  process.stdout.write(`
Sandbox gateway on ${base}  (API document: ${base}/openapi.json)
  token:    TOKEN=$(${sameSandbox}npm run -s token -- --sub ${SANDBOX_PARTNER} --scope "declarations:write declarations:read citizens:read verify operator")
  ingest:   curl -s -X POST ${base}/v1/sources/tokhaiyte/declarations -H "Authorization: Bearer $TOKEN" \\
              -H 'Content-Type: application/json' --data @${example}
  scan:     curl -s -X POST ${base}/v1/verify -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
              -d "{\\"qr\\": \\"<the qr from the answer above, or TKYT:..., NCOVI:..., BZ:..., ZLHD:..., C06Q:..., SC:...>\\"}"
  operators: ${operators}/dashboard (the adapters' health; its token needs operator), ${operators}/metrics
`);
}

main().catch(failedToStart);
