import assert from 'node:assert/strict';
import { summarize, type Run } from '../../bench/measure';
import { rowOf } from '../../bench/report';

/** A run of `seconds` seconds answering `perSecond` requests a second, its server busy `cpuMs` a request. */
function run(perSecond: number, cpuMs: number, p99Ms: number, seconds = 3): Run {
  const requests = perSecond * seconds;
  return {
    requests,
    requestsPerSecond: perSecond,
    p50Ms: p99Ms / 4,
    p99Ms,
    non2xx: 0,
    errors: 0,
    durationSeconds: seconds,
    statusCodes: { 200: requests },
    wallSeconds: seconds,
    serverCpuSeconds: (requests * cpuMs) / 1000,
    coresBusy: [0.3, 1],
  };
}

describe("the bench's ratios to the echo", () => {
  // The machine's speed moves unevenly over a bench: the echo's first runs at 6,000 requests a
  // second, its last at 3,000, and beside the scenario's runs a dip to 2,000 between two of them. The
  // scenario always costs five times the echo's work at the same moment.
  const echoFirst = [run(6000, 0.16, 30), run(6000, 0.16, 30), run(6000, 0.16, 30)];
  const echoLast = [run(3000, 0.32, 60), run(3000, 0.32, 60), run(3000, 0.32, 60)];
  const echoBeside = [run(6000, 0.16, 30), run(2000, 0.48, 90), run(6000, 0.16, 30), run(6000, 0.16, 30)];
  const scenarioRuns = [run(800, 1.6, 300), run(800, 1.6, 300), run(1200, 0.8, 150)];
  const echo = summarize([...echoFirst, ...echoBeside, ...echoLast]);
  const target = { kind: 'echo-ratio', atLeast: 0.3, p99AtMost: 3 } as const;

  it("are to the echo's two runs either side of each of the scenario's, unmoved by how the machine's speed moved between them", () => {
    const row = rowOf('scan', 'scan', 'req', { ...summarize(scenarioRuns), echoBeside }, echo, target);
    assert.equal((row.ratio as number).toFixed(3), '0.200');
    assert.equal((row.cpuRatio as number).toFixed(3), '0.200');
    assert.equal((row.p99Ratio as number).toFixed(2), '5.00');
  });

  it("are to the echo's medians when a scenario ran without echo runs beside it", () => {
    const row = rowOf('scan', 'scan', 'req', summarize(scenarioRuns), echo, target);
    assert.equal(row.ratio, 800 / echo.perSecond);
  });

  it('leave out the runs that answered nothing, rather than a zero or infinite ratio, or no drift correction at all', () => {
    const silent = [run(0, 0, 0), run(0, 0, 0), run(1200, 0.8, 150)];
    const row = rowOf('scan', 'scan', 'req', { ...summarize(silent), echoBeside }, echo, target);
    assert.equal((row.ratio as number).toFixed(3), '0.200');
    assert.equal((row.cpuRatio as number).toFixed(3), '0.200');
  });
});
