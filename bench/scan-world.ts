import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchCode } from './bench-code';
import type { BenchCitizen, BenchWorld, LookupStats } from './bench-platforms';
import { onTwoOrThreePlatforms } from './platform-lookups';

const ROOT = join(__dirname, '..');
/** Lines per seeding batch: well under the gateway's 10,000 records per batch. */
const SEED_BATCH = 5000;
/** Requests at once while seeding and fetching QRs. */
const SEED_WORKERS = 16;

/** The simulated platforms' process: what it holds, and how its lookups were found since last asked. */
export interface BenchPlatforms {
  world: BenchWorld;
  instancesFile: string;
  lookupStats(): Promise<LookupStats>;
  stop(): Promise<void>;
}

/** The simulated platforms in a process of their own (bench/bench-platforms.ts), at 0 ms. */
export async function startBenchPlatforms(citizens: number, code: BenchCode): Promise<BenchPlatforms> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-world-')), 'world.json');
  const child = spawn(process.execPath, [...code.nodeArgs('bench/bench-platforms.ts'), file, String(citizens)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for await (const line of createInterface({ input: child.stdout! })) if (line === 'ready') break;
  if (child.exitCode !== null) throw new Error(`the simulated platforms exited with ${child.exitCode}`);
  const world = JSON.parse(readFileSync(file, 'utf8')) as BenchWorld;
  const instancesFile = join(file, '..', 'instances.json');
  writeFileSync(instancesFile, JSON.stringify(world.instances));
  const lookupStats = () =>
    new Promise<LookupStats>((resolve) => {
      child.once('message', (stats) => resolve(stats as LookupStats));
      child.send('stats');
    });
  return { world, instancesFile, lookupStats, stop };
}

/** Runs `work` over `items`, `workers` at a time. */
export async function inParallel<T, R>(items: readonly T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

/**
 * Ingests every platform's records through the gateway's batch route, as platforms pushing their
 * records would; fails on a refused line, since a scan of a half-seeded citizen would measure less.
 */
export async function seedGateway(baseUrl: string, token: string, world: BenchWorld): Promise<number> {
  let seeded = 0;
  for (const [instance, records] of Object.entries(world.records)) {
    for (let from = 0; from < records.length; from += SEED_BATCH) {
      const body = records
        .slice(from, from + SEED_BATCH)
        .map((r) => JSON.stringify(r))
        .join('\n');
      const answer = await fetch(`${baseUrl}/v1/sources/${instance}/declarations:batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const lines = (await answer.text()).trim().split('\n');
      const { summary } = JSON.parse(lines[lines.length - 1] as string) as { summary?: Record<string, number> };
      if (answer.status !== 200 || !summary || summary.refused || summary.failed || summary.conflict)
        throw new Error(`seeding ${instance} failed: ${answer.status} ${lines[lines.length - 1]}`);
      seeded += (summary.created ?? 0) + (summary.replayed ?? 0);
    }
  }
  return seeded;
}

/** A citizen the scans ask for: their unified QR, and what the platforms hold of them. */
export interface ScannedCitizen {
  qr: string;
  citizen: BenchCitizen;
}

/**
 * The unified QRs of the citizens on two or three platforms: one of each citizen's records sent
 * again (a replay answers with the citizen and its QR). Bluezone's records are not used: they carry
 * a phone alone, which never joins a citizen.
 */
export async function unifiedQrs(baseUrl: string, token: string, world: BenchWorld): Promise<ScannedCitizen[]> {
  const recordOf = new Map<string, { instance: string; record: unknown }>();
  for (const { name, platform } of world.instances) {
    if (platform === 'bluezone') continue;
    for (const record of world.records[name] ?? []) {
      for (const [number] of JSON.stringify(record).matchAll(/\b0\d{11}\b/g))
        if (!recordOf.has(number)) recordOf.set(number, { instance: name, record });
    }
  }
  const chosen = world.citizens.filter((c) => onTwoOrThreePlatforms(c) && recordOf.has(c.cccd));
  const qrs = await inParallel(chosen, SEED_WORKERS, async (citizen) => {
    const { instance, record } = recordOf.get(citizen.cccd)!;
    const answer = await fetch(`${baseUrl}/v1/sources/${instance}/declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    const { citizen: joined } = (await answer.json()) as { citizen?: { qr: string } | null };
    return joined ? { qr: joined.qr, citizen } : undefined;
  });
  return qrs.filter((scanned): scanned is ScannedCitizen => scanned !== undefined);
}
