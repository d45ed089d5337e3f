// BENCH_HEAP_PROFILE=<dir> (bench/pinned-server.ts): a sampling heap profile of everything this
// process allocates, the garbage collected included (node's --heap-prof keeps only what is still
// alive), written to <dir>/<pid>.heapprofile when the process exits. Open it in Chrome's DevTools
// (Memory tab, Load) to see which code makes the garbage the collector spends its time on.
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
process.on('exit', () => {
  // The session's calls answer synchronously: the profile is written before the process ends.
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return void process.stderr.write(`BENCH_HEAP_PROFILE: ${error.message}\n`);
    const dir = process.env.BENCH_HEAP_PROFILE;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}.heapprofile`), JSON.stringify(result.profile));
  });
});
