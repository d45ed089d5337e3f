/**
 * Records mapped and validated per second on one core: every accepted golden pair of every
 * instance, mixed, through the same path as ingestion (native schema, mapping, canonical schema).
 * `npm run bench:mapping [-- seconds]`. Outside `npm test`: a benchmark is not an assertion.
 */
import { createAdapterRegistry } from '../adapters';
import { loadGoldenCases } from '../test/support/golden-pairs';

const seconds = Number(process.argv[2] ?? 5);
const registry = createAdapterRegistry();
const work = loadGoldenCases('accepted').map((c) => ({ adapter: registry.get(c.instance)!, native: c.native, receivedAt: c.receivedAt }));

function run(durationMs: number): { records: number; elapsedMs: number; cpuMs: number } {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(durationMs) * 1_000_000n;
  let records = 0;
  let refused = 0;
  while (process.hrtime.bigint() < deadline) {
    for (const { adapter, native, receivedAt } of work) {
      if (!adapter.toCanonical(native, receivedAt).ok) refused += 1;
    }
    records += work.length;
  }
  if (refused > 0) throw new Error(`${refused} golden records were refused`);
  const cpu = process.cpuUsage(cpuBefore);
  return { records, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
}

run(1000); // warm-up: let the JIT settle
const { records, elapsedMs, cpuMs } = run(seconds * 1000);
const perSecond = Math.round(records / (elapsedMs / 1000));
// Per second of this process's CPU (GC's threads included): the rate with a core to itself, which a shared core hides.
const perCpuSecond = Math.round(records / (cpuMs / 1000));
process.stdout.write(
  `${JSON.stringify({ benchmark: 'mapping', instances: registry.list().length, distinctRecords: work.length, records, seconds: +(elapsedMs / 1000).toFixed(2), recordsPerSecond: perSecond, recordsPerCpuSecond: perCpuSecond, microsecondsPerRecord: +((elapsedMs * 1000) / records).toFixed(2), node: process.version })}\n`,
);
