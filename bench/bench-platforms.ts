/**
 * The simulated platforms of `npm run bench`, in a process of their own (so their event loop is not
 * autocannon's): every instance of the default registry on loopback, answering at once (latency and
 * jitter 0: the benchmark measures the gateway, not platforms.md's 150-600 ms), seeded with
 * `citizens` synthetic people. Writes what the bench needs to `file` (the instances with addresses
 * and credentials, each citizen's CCCD and platforms, each instance's native records), prints
 * `ready`, and serves until SIGTERM.
 *
 * `node --import tsx bench/bench-platforms.ts <file> <citizens>`
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_INSTANCES, type InstanceConfig } from '../adapters';
import { startSandboxPlatforms } from '../gateway/sandbox/sandbox-platforms';

/** What the platforms process hands the bench. */
export interface BenchWorld {
  instances: InstanceConfig[];
  citizens: { cccd: string; platforms: string[] }[];
  records: Record<string, unknown[]>;
}

async function main(): Promise<void> {
  const [file, count] = process.argv.slice(2);
  const platforms = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: Number(count) });
  for (const simulator of platforms.simulators) simulator.setFaults({ latencyMs: 0, jitterMs: 0 });
  const world: BenchWorld = {
    instances: platforms.instances,
    citizens: platforms.citizens.map(({ cccd, platforms: on }) => ({ cccd, platforms: [...on] })),
    records: Object.fromEntries(platforms.simulators.map((s) => [s.instance.name, [...s.records.all()]])),
  };
  writeFileSync(file as string, JSON.stringify(world));
  process.once('SIGTERM', () => void platforms.stop());
  process.stdout.write('ready\n');
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
