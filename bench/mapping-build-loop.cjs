// The loop of bench:mapping over a tsc build, in plain node (no tsx): for callgrind, whose counts are
// repeatable whatever else runs, and for the build's CPU a record. Instructions a record: two runs,
// 300 and 800 passes, the difference over the 27,500 records between them (startup and warm-up cancel):
//   npx tsc -p tsconfig.build.json --outDir /tmp/build && ln -s "$PWD/node_modules" /tmp/build/
//   valgrind --tool=callgrind node bench/mapping-build-loop.cjs /tmp/build 300   (then 800)
//   taskset -c 1 node bench/mapping-build-loop.cjs /tmp/build 2000 [instance,instance]
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const [root, passesText, only] = process.argv.slice(2);
const { createAdapterRegistry } = require(join(root, 'adapters'));
const registry = createAdapterRegistry();
const platforms = join(__dirname, '..', 'contracts', 'platforms');
const work = [];
for (const instance of readdirSync(platforms).sort()) {
  if (only && !only.split(',').includes(instance)) continue;
  const dir = join(platforms, instance, 'accepted');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const golden = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    work.push({ adapter: registry.get(instance), native: golden.native, receivedAt: golden.receivedAt });
  }
}

function run(passes) {
  for (let pass = 0; pass < passes; pass += 1) {
    for (const { adapter, native, receivedAt } of work) {
      if (!adapter.toCanonical(native, receivedAt).ok) throw new Error('a golden record was refused');
    }
  }
}

run(200); // warm-up
const before = process.cpuUsage();
const passes = Number(passesText ?? 2000);
run(passes);
const cpu = process.cpuUsage(before);
const records = passes * work.length;
process.stdout.write(
  `${JSON.stringify({ records, cpuMicrosecondsPerRecord: +((cpu.user + cpu.system) / records).toFixed(3), recordsPerCpuSecond: Math.round(records / ((cpu.user + cpu.system) / 1e6)) })}\n`,
);
