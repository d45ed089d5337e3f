/**
 * `npm run bench [-- --quick | --seconds N] [--only scan,replay] [--tsx] [--scan-rate N]`: issue
 * 12's figures in one run. A bare express 5 echo and each scenario under the same autocannon
 * settings (50 connections, the same duration, three runs, the median), the server under test alone
 * on core 1 (taskset, where it exists) and autocannon, the simulated platforms (0 ms) and Redis on
 * core 0; each figure beside the echo's and the issue's target, never failing the run on one;
 * beside the scans, the floor of their design (bench/fan-out-server.ts: the same platform calls,
 * nothing else). Every process it starts runs the tsc build, as production does
 * (bench/bench-code.ts; --tsx runs the sources through tsx instead). --only measures the scenarios named (SCENARIO_IDS), the echo always. Writes
 * bench/results/<date>.json (gitignored: the figures are this machine's and this moment's; the
 * README's come with their run's JSON, bench/reference-run.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnRedis } from '../test/support/redis';
import { LOAD_CORE, pinProcess, SERVER_CORE, tasksetAvailable } from './cores';
import { builtBenchCode, TSX_CODE, type BenchCode } from './bench-code';
import { callsNote, floorVerdict, lookupsNote, scanOverFloor, writeFanOutPlan } from './fan-out-floor';
import { measure, median, rateOf, summarize, type Measured, type MeasureOptions, type Run } from './measure';
import { newPersonRecord } from './new-person';
import { startPinnedServer, type PinnedServer } from './pinned-server';
import { formatReport, rowOf, type Row, type Target } from './report';
import { runOptions, SCENARIO_IDS, type ScenarioId } from './run-options';
import {
  BATCH_CONNECTIONS,
  BATCH_SIZE,
  batchLoad,
  CONNECTIONS,
  echoLoad,
  fanOutLoad,
  newPersonLoad,
  QrSequence,
  replayLoad,
  scanLoad,
  Tally,
} from './scenario-loads';
import { inParallel, seedGateway, startBenchPlatforms, unifiedQrs, type BenchPlatforms, type ScannedCitizen } from './scan-world';
import { benchToken } from './support';

const options = runOptions(process.argv.slice(2));
const SECONDS = options.seconds;
const RUNS = 3;
const chosen = (id: ScenarioId) => options.only.has(id);
const pinned = tasksetAvailable() && availableParallelism() >= 2;
const serverCore = pinned ? SERVER_CORE : undefined;
const settings: MeasureOptions = { runs: RUNS, warmUpSeconds: 1 };
/** The citizens of scenario 2's list, which its pass before each run scans every one of. */
const FRESH_CITIZENS = options.quick ? 1500 : 4000;
/**
 * Scenario 1's citizens: each of its scans, the warm-up's too, is of a citizen its gateway has not
 * scanned (issue 12's "every scan a different citizen": the gateway remembers the QRs it verified
 * and the platforms' last answers), so the platforms hold enough citizens on 2-3 platforms for its
 * planned rate (run-options.ts: 1,400/s, or --scan-rate) over all its runs. On 2026-11-29 it reached
 * 292/s at 13:01 and 568/s at 14:58, and 1,070/s on 2026-11-30 at 02:18 (900 planned then: 2,984
 * scans repeated a citizen). A gateway faster than planned runs out of citizens: the
 * scenario's notes count the scans of a citizen scanned before, and the rate is to be raised
 * (seeding takes longer).
 */
const SCANNABLE_SHARE = 0.55; // of synthetic citizens, on two or three platforms (2,245 of 4,000)
const SCAN_CITIZENS = Math.ceil((options.scanRate * (settings.warmUpSeconds + RUNS * SECONDS)) / SCANNABLE_SHARE);
/** Synthetic citizens on the simulated platforms. */
const CITIZENS = chosen('scan') || chosen('fan-out') ? Math.max(FRESH_CITIZENS, SCAN_CITIZENS) : FRESH_CITIZENS;

/** A scenario measured, before its ratios to the echo (measured first and last) are known. */
interface Scenario {
  id: ScenarioId;
  title: string;
  unit: 'req' | 'records';
  figures: Measured | { perSecond: number };
  /** None for a reference row (the fan-out floor). */
  target?: Target;
  notes: string[];
}

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  if (pinned) pinProcess(process.pid, LOAD_CORE);
  if (!options.tsx) say('building what the bench runs: tsc -p tsconfig.bench.json');
  const code = options.tsx ? TSX_CODE : builtBenchCode();
  const loadBefore = loadavg()[0] as number;

  say(`the echo: ${RUNS} runs of ${SECONDS} s, ${CONNECTIONS} connections`);
  const echoServer = await startPinnedServer('bench/echo-server.ts', {}, /echo listening/, serverCore, code);
  const echoSettings = { ...settings };
  const measureEcho = () => measure({ pid: echoServer.pid }, SECONDS, echoLoad(echoServer.baseUrl), echoSettings);
  const echoFirst = await measureEcho();
  // Every scenario's run from here on lies between two runs of the echo (MeasureOptions.echoRun).
  const echoBeside: Run[] = [];
  settings.echoRun = async () => {
    const [run] = (await measure({ pid: echoServer.pid }, SECONDS, echoLoad(echoServer.baseUrl), { runs: 1, warmUpSeconds: 0 })).runs;
    echoBeside.push(run as Run);
    return run as Run;
  };
  let scenarios: Scenario[];
  try {
    scenarios = SCENARIO_IDS.some((id) => id !== 'mapping' && chosen(id)) ? await gatewayScenarios(code) : [];
    say('the echo again');
    const echoLast = await measureEcho();
    // The machine's load drifts during a run: the echo's figures are the medians of all its runs, and
    // each scenario's ratios are to the echo's runs either side of its own (report.ts, besideRatios).
    const echo = summarize([...echoFirst.runs, ...echoBeside, ...echoLast.runs]);
    const besideRates = echoBeside.map((run) => Math.round(rateOf(run)));
    const echoNote =
      `first ${Math.round(echoFirst.perSecond)} req/s (p99 ${echoFirst.p99Ms} ms), last ${Math.round(echoLast.perSecond)} req/s (p99 ${echoLast.p99Ms} ms)` +
      (besideRates.length === 0
        ? ''
        : `; the ${besideRates.length} runs beside the scenarios' ${Math.min(...besideRates)}-${Math.max(...besideRates)} req/s`);
    if (chosen('mapping')) scenarios.push(mappingScenario(code));
    scenarios.sort((a, b) => SCENARIO_IDS.indexOf(a.id) - SCENARIO_IDS.indexOf(b.id));
    const rows = [
      rowOf('echo', 'express 5 JSON echo', 'req', echo, undefined, undefined, [echoNote]),
      ...scenarios.map((s) => rowOf(s.id, s.title, s.unit, s.figures, echo, s.target, s.notes)),
    ];
    floorNotes(rows, echo);
    const when = new Date();
    const header = {
      command: options.command,
      date: when.toISOString(),
      machine: `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, load average ${loadBefore.toFixed(2)} before and ${(loadavg()[0] as number).toFixed(2)} after`,
      method: `${RUNS} runs of ${SECONDS} s each (median), ${CONNECTIONS} connections (batches: ${BATCH_CONNECTIONS}, runs of a number of batches about ${SECONDS} s long); each scenario's run between two runs of the echo, its ratios to their mean (the median of its runs')`,
      placement: pinned
        ? `servers pinned to core ${SERVER_CORE} (taskset -c), autocannon, the platforms and Redis on core ${LOAD_CORE}`
        : 'nothing pinned (no taskset, or one core)',
      code: `every process started ran ${code.description}`,
    };
    process.stdout.write(formatReport(header, rows));
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${when.toISOString().slice(0, 16).replace(':', '')}Z.json`);
    writeFileSync(file, `${JSON.stringify({ ...header, seconds: SECONDS, runs: RUNS, connections: CONNECTIONS, rows }, null, 2)}\n`);
    say(`results written to ${file}`);
  } finally {
    await echoServer.stop();
  }
}

/**
 * Scenarios 1 to 5 (those chosen) and the fan-out floor: the simulated platforms, a Redis, and a
 * gateway (two: one per freshness setting) on them. The store is seeded only for the scans (with
 * enough citizens that scenario 1 never scans one twice): the ingest scenarios write new people or
 * replay their own record.
 */
async function gatewayScenarios(code: BenchCode): Promise<Scenario[]> {
  say(`the platforms (${CITIZENS} synthetic citizens, 0 ms), Redis, the gateway`);
  const platforms = await startBenchPlatforms(CITIZENS, code);
  const redis = await OwnRedis.start();
  const sandboxDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const token = benchToken(sandboxDir);
  const startGateway = (env: NodeJS.ProcessEnv) =>
    startPinnedServer(
      'gateway/sandbox/sandbox-main.ts',
      {
        SANDBOX_DIR: sandboxDir,
        REDIS_URL: redis.url,
        ADAPTER_INSTANCES_FILE: platforms.instancesFile,
        SANDBOX_PLATFORMS: 'off',
        // autocannon sends every scan under one token; the checkpoints it stands for are many, each
        // with a share of the places (VERIFY_MAX_IN_FLIGHT_PER_CALLER, three quarters by default): all of them here.
        VERIFY_MAX_IN_FLIGHT_PER_CALLER: '64',
        ...env,
      },
      /"gateway listening"/,
      serverCore,
      code,
    );
  const scenarios: Scenario[] = [];
  // The first gateway keeps no freshness window (every scan calls every platform, as a new
  // citizen's would), and takes two batches at once from one caller (scenario 5). With none of its
  // scenarios chosen, the second (its default window) is started at once.
  const firstGateway = (['scan', 'new-person', 'replay', 'batch'] as const).some(chosen);
  let gateway: PinnedServer = await startGateway(
    firstGateway ? { VERIFY_FRESHNESS_SECONDS: '0', BATCH_MAX_IN_FLIGHT_PER_CALLER: String(BATCH_CONNECTIONS) } : {},
  );
  try {
    let scanned: ScannedCitizen[] = [];
    /** The instances scenario 1's scans asked, by QR: what the fan-out floor's calls are checked against. */
    const askedByScans = new Map<string, string>();
    let seeding = '';
    if (chosen('scan') || chosen('fan-out') || chosen('scan-fresh')) {
      const started = Date.now();
      const seeded = await seedGateway(gateway.baseUrl, token, platforms.world);
      const recordsSeconds = (Date.now() - started) / 1000;
      scanned = await unifiedQrs(gateway.baseUrl, token, platforms.world);
      const qrSeconds = (Date.now() - started) / 1000 - recordsSeconds;
      seeding = `seeding (${CITIZENS} citizens on the platforms): the ${seeded} records of those on 2-3 in batches, ${recordsSeconds.toFixed(1)} s; a QR for each of the ${scanned.length}, ${qrSeconds.toFixed(1)} s`;
      say(seeding);
    }
    const under = { pid: gateway.pid, redisPort: redis.port };

    if (chosen('scan')) {
      say(`1. scans, every platform called, each of a citizen not scanned before (${scanned.length} of them)`);
      const [statuses, sources] = [new Tally(), new Tally()];
      const qrs = new QrSequence(scanned.map((s) => s.qr));
      await platforms.lookupStats();
      const figures = await measure(under, SECONDS, scanLoad(gateway.baseUrl, token, qrs, statuses, sources, askedByScans), {
        ...settings,
        onWarmedUp: () => forget(statuses, sources),
      });
      scenarios.push({
        id: 'scan',
        title: 'unified-QR scan, 2-3 platforms at 0 ms',
        unit: 'req',
        figures,
        target: { kind: 'echo-ratio', atLeast: 0.3, p99AtMost: 3 },
        notes: [
          ...scanNotes(statuses, sources),
          freshnessNote(qrs),
          lookupsNote(await platforms.lookupStats(), 'the platform calls', qrs.taken),
          seeding,
        ],
      });
    }

    if (chosen('fan-out')) {
      say('1b. the bare fan-out: the same platform calls, nothing else');
      scenarios.push(await fanOutFloor(platforms, scanned, token, code, askedByScans));
    }

    if (chosen('new-person')) {
      say('3. a new person ingested');
      const created = await measure(under, SECONDS, newPersonLoad(gateway.baseUrl, token), settings);
      const newPerson = { id: 'new-person', title: 'ingest, a new person (Redis)', unit: 'req' } as const;
      scenarios.push({ ...newPerson, figures: created, target: { kind: 'echo-ratio', atLeast: 0.35 }, notes: [statusNote(created)] });
    }

    if (chosen('replay')) {
      say('4. one record replayed');
      const record = newPersonRecord();
      await post(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`, token, record, [201]);
      const replays = await measure(under, SECONDS, replayLoad(gateway.baseUrl, token, record), settings);
      const replay = { id: 'replay', title: 'ingest, replay of one record (Redis)', unit: 'req' } as const;
      scenarios.push({ ...replay, figures: replays, target: { kind: 'echo-ratio', atLeast: 0.6 }, notes: [statusNote(replays)] });
    }

    if (chosen('batch')) {
      say(`5. NDJSON batches of ${BATCH_SIZE}, ${BATCH_CONNECTIONS} at once`);
      const lines = new Tally();
      const batches = await measure(under, SECONDS, batchLoad(gateway.baseUrl, token, lines), {
        ...settings,
        // Records a second against a rate of its own, not against the echo: no echo runs beside it.
        echoRun: undefined,
        unitsPerRequest: BATCH_SIZE,
        byAmount: true,
      });
      const batch = { id: 'batch', title: `NDJSON batches of ${BATCH_SIZE} (Redis)`, unit: 'records' } as const;
      scenarios.push({
        ...batch,
        figures: batches,
        target: { kind: 'per-second', atLeast: 25_000 },
        notes: [statusNote(batches), lines.describe('lines')],
      });
    }

    if (chosen('scan-fresh')) {
      say('2. scans again within the freshness window (VERIFY_FRESHNESS_SECONDS unset: its default)');
      if (firstGateway) {
        await gateway.stop();
        gateway = await startGateway({});
      }
      // Scenario 2's own list, the size it always was: its pass before each run scans every one.
      const first = new Set(platforms.world.citizens.slice(0, FRESH_CITIZENS));
      const qrs = scanned.filter((s) => first.has(s.citizen)).map((s) => s.qr);
      scenarios.push(await freshScans(gateway, redis.port, token, qrs));
    }
    return scenarios;
  } finally {
    await gateway.stop();
    await redis.stop();
    await platforms.stop();
  }
}

/**
 * Scenario 2: before each run every citizen is scanned once, so that the run's scans come within the
 * window of those. A scan of that pass answered 503 (the deadline passed: a process just started, on
 * a loaded core) only leaves its citizen outside the window, which the outcomes show; it is counted,
 * and does not end the run.
 */
async function freshScans(gateway: PinnedServer, redisPort: number, token: string, qrs: string[]): Promise<Scenario> {
  const [statuses, sources] = [new Tally(), new Tally()];
  let [passes, refused] = [0, 0];
  const scanEveryone = async () => {
    passes += 1;
    const answered = await inParallel(qrs, 16, (qr) => post(`${gateway.baseUrl}/v1/verify`, token, JSON.stringify({ qr }), [200, 503]));
    refused += answered.filter((status) => status === 503).length;
  };
  const fresh = await measure(
    { pid: gateway.pid, redisPort },
    SECONDS,
    scanLoad(gateway.baseUrl, token, new QrSequence(qrs), statuses, sources),
    {
      ...settings,
      beforeEachRun: scanEveryone,
    },
  );
  const pass = `the scans before each run: ${refused} of ${passes * qrs.length} answered 503`;
  return {
    id: 'scan-fresh',
    title: 'the same scans within the freshness window',
    unit: 'req',
    figures: fresh,
    target: { kind: 'echo-ratio', atLeast: 0.6 },
    notes: [...scanNotes(statuses, sources), pass],
  };
}

/** POSTs a JSON body with the bench's token; an answer of a status not `expected` fails the run. */
async function post(url: string, token: string, body: string, expected: number[]): Promise<number> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  await answer.arrayBuffer();
  if (!expected.includes(answer.status)) throw new Error(`POST ${url}: ${answer.status}, expected ${expected.join(' or ')}`);
  return answer.status;
}

/**
 * The reference row beside scenario 1: bench/fan-out-server.ts, pinned and loaded as the gateway
 * was, making each scanned citizen's platform calls (the same requests, to the same simulated
 * platforms) and nothing else. Its CPU per request is the floor of a scan's on one core.
 */
async function fanOutFloor(
  platforms: BenchPlatforms,
  scanned: ScannedCitizen[],
  token: string,
  code: BenchCode,
  askedByScans: ReadonlyMap<string, string>,
): Promise<Scenario> {
  const plan = writeFanOutPlan(platforms.world, scanned);
  const floor = await startPinnedServer('bench/fan-out-server.ts', { FAN_OUT_FILE: plan }, /fan-out listening/, serverCore, code);
  try {
    const qrs = new QrSequence(scanned.map((s) => s.qr));
    await platforms.lookupStats();
    const figures = await measure({ pid: floor.pid }, SECONDS, fanOutLoad(floor.baseUrl, token, qrs), settings);
    return {
      id: 'fan-out',
      title: "bare fan-out: the scans' platform calls alone",
      unit: 'req',
      figures,
      notes: [statusNote(figures), callsNote(scanned, askedByScans), lookupsNote(await platforms.lookupStats(), 'its calls', qrs.taken)],
    };
  } finally {
    await floor.stop();
  }
}

/** Whether every scan of scenario 1 was of a citizen its gateway had not scanned (the QR list ran out otherwise). */
function freshnessNote(qrs: QrSequence): string {
  const repeated = qrs.repeated;
  if (repeated > 0) say(`scenario 1 ran out of citizens: ${repeated} scans repeated one (raise --scan-rate)`);
  return `scans of a citizen this gateway had scanned before: ${repeated} of ${qrs.taken}, warm-up included (${qrs.qrs.length} citizens seeded for it)`;
}

/** The floor's verdict and the scan's CPU in floors, by the rows' CPU ratios (each to the echo beside it). */
function floorNotes(rows: Row[], echo: Measured): void {
  const floor = rows.find((r) => r.id === 'fan-out');
  if (!floor || floor.cpuRatio === undefined || !('serverCpuMsPerUnit' in floor.figures)) return;
  floor.notes.push(floorVerdict(floor.cpuRatio, echo, floor.figures));
  const scan = rows.find((r) => r.id === 'scan');
  if (scan?.cpuRatio !== undefined) scan.notes.push(scanOverFloor(scan.cpuRatio, floor.cpuRatio, floor.figures));
}

function forget(...tallies: Tally[]): void {
  for (const tally of tallies) tally.reset();
}

function scanNotes(statuses: Tally, sources: Tally): string[] {
  return [statuses.describe('scan statuses'), `${sources.perAnswer().toFixed(2)} sources per scan; ${sources.describe('their outcomes')}`];
}

function statusNote(figures: Measured): string {
  const codes: Record<string, number> = {};
  for (const run of figures.runs) for (const [code, n] of Object.entries(run.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
  const listed = Object.entries(codes).map(([code, n]) => `${code} ${n}`);
  return `HTTP statuses: ${listed.join(', ')}${figures.errors ? `; ${figures.errors} errors (timeouts, resets)` : ''}`;
}

/**
 * Scenario 6: bench/mapping-bench.ts's records/s (of the clock, and of its CPU), RUNS times, each in
 * a process of its own on the servers' core.
 */
function mappingScenario(code: BenchCode): Scenario {
  say('6. mapping and validation, one core');
  const node = [process.execPath, ...code.nodeArgs('bench/mapping-bench.ts'), String(SECONDS)];
  const [command, ...rest] = serverCore === undefined ? node : ['taskset', '-c', String(serverCore), ...node];
  const runs = Array.from({ length: RUNS }, () => {
    const run = spawnSync(command as string, rest, { cwd: join(__dirname, '..'), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`mapping-bench failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { recordsPerSecond: number; recordsPerCpuSecond: number };
  });
  const [wall, cpu] = [runs.map((m) => m.recordsPerSecond), runs.map((m) => m.recordsPerCpuSecond)];
  return {
    id: 'mapping',
    title: 'mapping + validation, 1 core (no HTTP)',
    unit: 'records',
    figures: { perSecond: median(wall) },
    target: { kind: 'per-second', atLeast: 100_000 },
    notes: [`runs: ${wall.join(', ')} records/s; per second of its own CPU (a core to itself): ${cpu.join(', ')}, median ${median(cpu)}`],
  };
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
