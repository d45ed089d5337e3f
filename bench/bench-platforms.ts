/**
 * The simulated platforms of `npm run bench`, in a process of their own (so their event loop is not
 * autocannon's): every instance of the default registry on loopback, answering at once (latency and
 * jitter 0: the benchmark measures the gateway, not platforms.md's 150-600 ms), seeded with
 * `citizens` synthetic people. Writes what the bench needs to `file` (the instances with addresses
 * and credentials, each citizen's CCCD, platforms and the lookups a scan of them makes, the native
 * records of the citizens on two or three platforms, the ones the scans ask for), prints `ready`, and serves until SIGTERM. Asked `stats` over its IPC
 * channel, it answers how its lookups were found since the last time (see indexLookups).
 *
 * `node --import tsx bench/bench-platforms.ts <file> <citizens>`
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { DEFAULT_INSTANCES, type InstanceConfig } from '../adapters';
import { SIMULATORS, type SyntheticCitizen } from '../adapters/simulators';
import { startSandboxPlatforms } from '../gateway/sandbox/sandbox-platforms';
import type { PlatformSimulator } from '../gateway/sandbox/platform-simulator';
import { latestLookupPath, onTwoOrThreePlatforms, type PlatformLookup } from './platform-lookups';

/** One synthetic citizen as the bench sees it: the `latest` lookups a scan of them makes, one per instance holding them. */
export interface BenchCitizen {
  cccd: string;
  platforms: string[];
  lookups: PlatformLookup[];
}

/** What the platforms process hands the bench. */
export interface BenchWorld {
  instances: InstanceConfig[];
  citizens: BenchCitizen[];
  records: Record<string, unknown[]>;
}

/** How the simulators found the lookups they were asked since the last `stats`. */
export interface LookupStats {
  /** Answered from the index: a request the bench predicted (latestLookupPath). */
  indexed: number;
  /** The gateway's health probes (a record that does not exist). */
  probes: number;
  /** Any other request (a lookup the bench did not predict), answered by the simulator's own scan. */
  unindexed: number;
  /** A few of the latter's paths, to see what they were. */
  examples: string[];
}

const stats: LookupStats = { indexed: 0, probes: 0, unindexed: 0, examples: [] };

async function main(): Promise<void> {
  const [file, count] = process.argv.slice(2);
  const now = new Date();
  const platforms = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: Number(count), now });
  for (const simulator of platforms.simulators) simulator.setFaults({ latencyMs: 0, jitterMs: 0 });
  const indexes = new Map(platforms.simulators.map((s) => [s.instance.name, indexLookups(s)]));
  // The records a simulator made for a citizen, made again: each one's lookup, where the simulator holds it.
  const heldOf = (citizen: SyntheticCitizen) =>
    platforms.simulators.flatMap(({ instance }) => {
      if (!citizen.platforms.includes(instance.platform)) return [];
      const record = SIMULATORS[instance.platform].recordFor(citizen, instance, now);
      const path = record === undefined ? undefined : latestLookupPath(instance, record);
      return path !== undefined && indexes.get(instance.name)?.has(path) ? [{ instance, path }] : [];
    });
  const seeded = new Set<string>();
  const citizens = platforms.citizens.map((citizen) => {
    const held = heldOf(citizen);
    if (onTwoOrThreePlatforms(citizen)) for (const { instance, path } of held) seeded.add(`${instance.name} ${path}`);
    const lookups = held.filter(({ instance }) => joinsWhenSeeded(citizen, instance));
    return {
      cccd: citizen.cccd,
      platforms: [...citizen.platforms],
      lookups: lookups.map(({ instance, path }) => ({ instance: instance.name, path })),
    };
  });
  const world: BenchWorld = {
    instances: platforms.instances,
    citizens,
    // Only the scanned citizens' records go to the gateway: seeding is most of the scan scenario's setup.
    records: Object.fromEntries(
      platforms.simulators.map(({ instance, records }) => [
        instance.name,
        records.all().filter((record) => seeded.has(`${instance.name} ${latestLookupPath(instance, record)}`)),
      ]),
    ),
  };
  writeFileSync(file as string, JSON.stringify(world));
  process.on('message', (message) => {
    if (message !== 'stats') return;
    process.send?.({ ...stats });
    Object.assign(stats, { indexed: 0, probes: 0, unindexed: 0, examples: [] });
  });
  process.once('SIGTERM', () => {
    process.disconnect?.();
    void platforms.stop();
  });
  process.stdout.write('ready\n');
}

/**
 * Whether the bench's seeding (bench/scan-world.ts: the instances in the registry's order) joins
 * this citizen's record on `instance` to them. A Bluezone record (a device and a phone, no name)
 * joins only the one citizen already holding its phone: one with a record of the platforms seeded
 * before it that carry the phone (the Ministry's and NCOVI's); otherwise it stays a citizen of its
 * own, which no scan of theirs asks. The scan scenario's answers check this (their sources).
 */
function joinsWhenSeeded(citizen: SyntheticCitizen, instance: InstanceConfig): boolean {
  return instance.platform !== 'bluezone' || citizen.platforms.some((platform) => platform === 'tokhaiyte' || platform === 'ncovi');
}

/**
 * A simulator finds a record by scanning all it holds, newest first: with the tens of thousands of
 * citizens the scan scenario needs (each scanned once), a millisecond a lookup on the core the load
 * and the platforms share. Here each record is indexed by the request the bench predicts for it
 * (latestLookupPath), the request's path and query is carried to the lookup (AsyncLocalStorage,
 * set where the simulator counts the request), and a predicted request is answered with its record
 * when the simulator's own match accepts it: the answer the scan would give, since a citizen has
 * one record per instance. Anything else is answered by the scan, and counted.
 */
function indexLookups(simulator: PlatformSimulator): Map<string, unknown> {
  const index = new Map<string, unknown>();
  for (const record of simulator.records.all()) {
    const path = latestLookupPath(simulator.instance, record);
    if (path !== undefined) index.set(path, record);
  }
  const asked = new AsyncLocalStorage<string>();
  const received = simulator.lookups.received.bind(simulator.lookups);
  simulator.lookups.received = (lookup) => {
    asked.enterWith(lookup);
    return received(lookup);
  };
  const scan = simulator.records.newest.bind(simulator.records);
  simulator.records.newest = (match) => {
    const lookup = asked.getStore() ?? '';
    const record = index.get(lookup);
    if (record !== undefined && match(record)) {
      stats.indexed += 1;
      return record;
    }
    if (lookup.includes('HEALTHPROBE')) stats.probes += 1;
    else stats.unindexed += 1;
    if (!lookup.includes('HEALTHPROBE') && stats.examples.length < 5) stats.examples.push(`${simulator.instance.name} ${lookup}`);
    return scan(match);
  };
  return index;
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
