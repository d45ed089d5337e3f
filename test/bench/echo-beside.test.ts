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
  // The machine slows by half over the bench: the echo's first runs at 6,000 requests a second, its
  // last at 3,000, and a scenario that always costs a fifth of the echo's work runs between them.
  const echoFirst = [run(6000, 0.16, 30), run(6000, 0.16, 30), run(6000, 0.16, 30)];
  const echoLast = [run(3000, 0.32, 60), run(3000, 0.32, 60), run(3000, 0.32, 60)];
  const echoBeside = [run(5000, 0.192, 36), run(4500, 0.213, 40), run(4000, 0.24, 45), run(3500, 0.274, 51)];
  const scenarioRuns = [run(950, 1.01, 190), run(850, 1.13, 213), run(750, 1.28, 240)];
  const echo = summarize([...echoFirst, ...echoBeside, ...echoLast]);

  it("are to the echo's runs either side of each of the scenario's, unmoved by the drift between the echo's first and last runs", () => {
    const row = rowOf('scan', 'scan', 'req', { ...summarize(scenarioRuns), echoBeside }, echo, {
      kind: 'echo-ratio',
      atLeast: 0.3,
      p99AtMost: 3,
    });
    assert.equal((row.ratio as number).toFixed(2), '0.20');
    assert.equal((row.cpuRatio as number).toFixed(2), '0.20');
    assert.equal((row.p99Ratio as number).toFixed(1), '5.0');
  });

  it("are to the echo's medians when a scenario ran without echo runs beside it", () => {
    const row = rowOf('scan', 'scan', 'req', summarize(scenarioRuns), echo, { kind: 'echo-ratio', atLeast: 0.3 });
    assert.equal(row.ratio, 850 / echo.perSecond);
  });
});
