/**
 * CPU per record of mapping and validation, by instance: what bench:mapping measures, read as
 * process CPU time over a fixed number of passes rather than records per wall second, so that a run
 * on a shared machine still compares with another (the figure to compare back to back, and the
 * loop to profile: `node --cpu-prof -r tsx/cjs bench/mapping-profile.ts 4000`).
 * `npx tsx bench/mapping-profile.ts [passes] [instance,instance...]`. Outside `npm test`.
 */
import { createAdapterRegistry } from '../adapters';
import { loadGoldenCases } from '../test/support/golden-pairs';

const passes = Number(process.argv[2] ?? 2000);
const only = process.argv[3]?.split(',');
const registry = createAdapterRegistry();
const cases = loadGoldenCases('accepted').filter((c) => only === undefined || only.includes(c.instance));
const work = cases.map((c) => ({ instance: c.instance, adapter: registry.get(c.instance)!, native: c.native, receivedAt: c.receivedAt }));

function run(count: number): void {
  for (let pass = 0; pass < count; pass += 1) {
    for (const { instance, adapter, native, receivedAt } of work) {
      if (!adapter.toCanonical(native, receivedAt).ok) throw new Error(`${instance}: a golden record was refused`);
    }
  }
}

run(Math.ceil(passes / 10)); // warm-up: let the JIT settle
const before = process.cpuUsage();
run(passes);
const cpu = process.cpuUsage(before);
const records = passes * work.length;
const microseconds = cpu.user + cpu.system;
process.stdout.write(
  `${JSON.stringify({ benchmark: 'mapping-profile', distinctRecords: work.length, records, cpuMicrosecondsPerRecord: +(microseconds / records).toFixed(2), recordsPerCpuSecond: Math.round(records / (microseconds / 1e6)), node: process.version })}\n`,
);
