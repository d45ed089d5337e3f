import type autocannon from 'autocannon';
import { coreBusyBetween, coreTimes, cpuSeconds, LOAD_CORE, SERVER_CORE } from './cores';
import { commandCounts, commandsBetween } from './redis-commands';
import { load, type LoadResult } from './support';

/** Where a scenario's server runs: its pid (for its CPU time) and, when it has one, its Redis's port. */
export interface ServerUnderLoad {
  pid: number;
  redisPort?: number;
}

export interface MeasureOptions {
  runs: number;
  /** Seconds of an unrecorded first run, so the JIT and the connections are warm. */
  warmUpSeconds: number;
  /** What one request carries (1000 for a batch of 1,000): figures per second and per unit are of these. */
  unitsPerRequest?: number;
  /**
   * Runs of a fixed number of requests, about `seconds` long at the warm-up's rate, instead of runs
   * of a fixed duration: for requests that take seconds each (batches), which a duration would cut
   * off mid-way, uncounted, and leave running into the next run.
   */
  byAmount?: boolean;
  /** Called once the warm-up is over (to forget what it counted). */
  onWarmedUp?: () => void;
  /** Called before each recorded run, outside its figures (scenario 2 fills its freshness window here). */
  beforeEachRun?: () => Promise<void>;
  /**
   * One run of the echo, measured before the first recorded run and after each: each run is then
   * compared with the echo seconds either side of it (Measured.echoBeside), where the echo's first
   * and last runs were minutes away; this machine's speed drifts by 20-40% over minutes.
   */
  echoRun?: () => Promise<Run>;
}

/** One recorded run: autocannon's figures, the server's CPU time, and each core's busy share (all processes). */
export type Run = LoadResult & { wallSeconds: number; serverCpuSeconds: number; coresBusy: number[] };

/** One scenario's figures: each the median of its runs, except the counts, summed over them. */
export interface Measured {
  runs: Run[];
  /** Units (requests, or records of a batch) answered with a 2xx per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The server's CPU per unit, and the share of its core it kept busy (near 1: the server was the bottleneck). */
  serverCpuMsPerUnit: number;
  serverCoreBusy: number;
  /** The share of the server's core and of the load's core kept busy by anything (other work on the machine too). */
  serverCoreAllBusy: number;
  loadCoreAllBusy: number;
  /** Redis commands per unit over all runs, and the same by command; absent without a Redis. */
  redisCommandsPerUnit?: number;
  redisCommandsByName?: Record<string, number>;
  non2xx: number;
  errors: number;
  /** The echo's runs around this scenario's (MeasureOptions.echoRun): one before each run and one after the last. */
  echoBeside?: Run[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const answered = (run: LoadResult) => run.requests - run.non2xx;

/**
 * Runs autocannon against one server `runs` times with the same options (`options(seconds)` makes
 * them afresh: a run's request generator keeps state), reading the server's CPU time and its Redis's
 * command counts around each recorded run.
 */
export async function measure(
  server: ServerUnderLoad,
  seconds: number,
  options: (seconds: number) => autocannon.Options,
  settings: MeasureOptions,
): Promise<Measured> {
  const units = settings.unitsPerRequest ?? 1;
  let amount: number | undefined;
  // autocannon ends a run only at its next sample tick (every sampleInt ms, 1000 by default) after
  // the last answer: a run of a set amount then lasted up to a second longer than its requests did,
  // and a batch run of about a second was reported as a second's ticks (5,769 records/s for runs of
  // six batches whatever their speed). Sampled every 10 ms, a run ends within 10 ms of its last answer.
  const byAmount = settings.byAmount ? { sampleInt: 10 } : {};
  if (settings.byAmount) {
    const connections = options(seconds).connections ?? 1;
    // The first requests are the coldest (JIT, connections): the rate is read from the second round.
    await load({ ...options(seconds), ...byAmount, amount: connections });
    const warmUp = await load({ ...options(seconds), ...byAmount, amount: connections });
    const rate = answered(warmUp) / warmUp.durationSeconds;
    amount = connections * Math.max(1, Math.round((rate * seconds) / connections));
  } else if (settings.warmUpSeconds > 0) await load(options(settings.warmUpSeconds));
  settings.onWarmedUp?.();

  const runs: Run[] = [];
  const echoBeside: Run[] = [];
  const commands: Record<string, number> = {};
  if (settings.echoRun) echoBeside.push(await settings.echoRun());
  for (let run = 0; run < settings.runs; run += 1) {
    await settings.beforeEachRun?.();
    const redisBefore = server.redisPort === undefined ? undefined : commandCounts(server.redisPort);
    const cpuBefore = cpuSeconds(server.pid);
    const coresBefore = coreTimes();
    const started = process.hrtime.bigint();
    const result = await load({ ...options(seconds), ...byAmount, ...(amount === undefined ? {} : { amount }) });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    runs.push({
      ...result,
      wallSeconds,
      serverCpuSeconds: cpuSeconds(server.pid) - cpuBefore,
      coresBusy: coreBusyBetween(coresBefore, coreTimes()),
    });
    if (redisBefore) {
      const { byCommand } = commandsBetween(redisBefore, commandCounts(server.redisPort as number));
      for (const [name, calls] of Object.entries(byCommand)) commands[name] = (commands[name] ?? 0) + calls;
    }
    if (settings.echoRun) echoBeside.push(await settings.echoRun());
  }
  const measured = summarize(runs, units, server.redisPort === undefined ? undefined : commands);
  return settings.echoRun ? { ...measured, echoBeside } : measured;
}

/** A run's requests answered with a 2xx per second, and its server's CPU per such request, in ms. */
export const rateOf = (run: Run): number => answered(run) / run.durationSeconds;
export const cpuMsPerRequest = (run: Run): number => (answered(run) === 0 ? 0 : (run.serverCpuSeconds * 1000) / answered(run));

/** The figures of a set of runs (those of one measure, or of two measures of the same server). */
export function summarize(runs: Run[], units = 1, redisCommands?: Record<string, number>): Measured {
  const perUnit = (count: number) => {
    const done = runs.reduce((sum, r) => sum + answered(r), 0) * units;
    return done === 0 ? 0 : count / done;
  };
  const redisTotal = Object.values(redisCommands ?? {}).reduce((sum, calls) => sum + calls, 0);
  return {
    runs,
    perSecond: median(runs.map((r) => (answered(r) * units) / r.durationSeconds)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    serverCpuMsPerUnit: perUnit(runs.reduce((sum, r) => sum + r.serverCpuSeconds, 0) * 1000),
    serverCoreBusy: median(runs.map((r) => r.serverCpuSeconds / r.wallSeconds)),
    serverCoreAllBusy: median(runs.map((r) => r.coresBusy[SERVER_CORE] ?? 0)),
    loadCoreAllBusy: median(runs.map((r) => r.coresBusy[LOAD_CORE] ?? 0)),
    ...(redisCommands === undefined
      ? {}
      : {
          redisCommandsPerUnit: perUnit(redisTotal),
          redisCommandsByName: Object.fromEntries(Object.entries(redisCommands).map(([name, calls]) => [name, +perUnit(calls).toFixed(3)])),
        }),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
