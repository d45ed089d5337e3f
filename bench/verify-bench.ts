/**
 * Scans per second and p50/p99 for the unified QR, with all platforms healthy, with one platform
 * down (its breaker open), and with one slow (2 s), through the gateway; and the same scans through
 * plain axios calls without breakers (bench/naive-verify.ts). `npm run bench:verify [-- seconds]`.
 * The simulated platforms run in this process, the gateway in its own, on its own redis-server.
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry, DEFAULT_INSTANCES } from '../adapters';
import type { RedisConfig } from '../gateway/config';
import { loadSandboxConfig } from '../gateway/sandbox/sandbox-config';
import { UnifiedQr } from '../gateway/qr/unified-qr';
import { startSandboxPlatforms } from '../gateway/sandbox/sandbox-platforms';
import { connectRedis } from '../gateway/store/redis-connection';
import { KeyNames } from '../gateway/store/key-names';
import { RedisStore } from '../gateway/store/redis-store';
import { benchGateway, load, type LoadResult } from './support';
import { startNaiveVerify } from './naive-verify';

const seconds = Number(process.argv[2] ?? 8);
/** Scans in flight: a busy checkpoint district. The healthy case is bound by C06's own 150-600 ms. */
const CONNECTIONS = 32;

async function main(): Promise<void> {
  const platforms = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: 300 });
  const instancesFile = join(mkdtempSync(join(tmpdir(), 'verify-bench-')), 'instances.json');
  writeFileSync(instancesFile, JSON.stringify(platforms.instances));
  const { gateway, redis, token, sandboxDir, stop } = await benchGateway({
    ADAPTER_INSTANCES_FILE: instancesFile,
    SANDBOX_PLATFORMS: 'off',
  });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  // Seed the gateway through its API, as platforms pushing their records would.
  const qrs: string[] = [];
  for (const simulator of platforms.simulators) {
    const body = simulator.records
      .all()
      .map((r) => JSON.stringify(r))
      .join('\n');
    await fetch(`${gateway.baseUrl}/v1/sources/${simulator.instance.name}/declarations:batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      body,
    });
  }
  for (const citizen of platforms.citizens.filter((c) => c.platforms.length >= 3).slice(0, 100)) {
    const simulator = platforms.simulators.find(
      (s) => citizen.platforms.includes(s.instance.platform) && s.instance.platform !== 'bluezone',
    )!;
    const record = simulator.records.all().find((r) => JSON.stringify(r).includes(citizen.cccd));
    const answer: any = await (
      await fetch(`${gateway.baseUrl}/v1/sources/${simulator.instance.name}/declarations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(record),
      })
    ).json();
    if (answer.citizen) qrs.push(answer.citizen.qr);
  }

  // The naive path reads the same Redis with the same keys and checks QRs with the same keys.
  const config = loadSandboxConfig({ SANDBOX_DIR: sandboxDir, REDIS_URL: redis.url });
  const connection = await connectRedis({ url: redis.url, commandTimeoutMs: 5000 }, () => {});
  const naive = await startNaiveVerify(
    createAdapterRegistry(platforms.instances),
    new RedisStore(connection.commands, new KeyNames((config.redis as RedisConfig).keyNameSecret)),
    new UnifiedQr(config.qr),
  );

  let next = 0;
  const scans = (url: string, extraHeaders = {}) =>
    load({
      url,
      method: 'POST',
      headers: { ...headers, ...extraHeaders },
      connections: CONNECTIONS,
      duration: seconds,
      timeout: 30,
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ qr: qrs[next++ % qrs.length] }) }) }],
    });
  const setFaults = (instance: string, faults: object) => platforms.simulators.find((s) => s.instance.name === instance)!.setFaults(faults);

  const results: Record<string, { gateway: LoadResult; plainAxios: LoadResult }> = {};
  results.healthy = { gateway: await scans(`${gateway.baseUrl}/v1/verify`), plainAxios: await scans(naive.url) };
  setFaults('bluezone', { down: true });
  results.bluezoneDown = { gateway: await scans(`${gateway.baseUrl}/v1/verify`), plainAxios: await scans(naive.url) };
  setFaults('bluezone', { down: false });
  setFaults('c06', { latencyMs: 2000, jitterMs: 0 });
  results.c06Slow2s = { gateway: await scans(`${gateway.baseUrl}/v1/verify`), plainAxios: await scans(naive.url) };

  process.stdout.write(
    `${JSON.stringify({ benchmark: 'verify-unified-qr', seconds, connections: CONNECTIONS, distinctQrs: qrs.length, results, node: process.version }, null, 2)}\n`,
  );
  await naive.stop();
  await connection.close();
  await stop();
  await platforms.stop();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
