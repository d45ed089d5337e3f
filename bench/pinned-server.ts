import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDEN_ERA } from '../test/support/golden-era';
import { freePort } from '../test/support/redis';
import { waitFor } from '../test/support/wait-for';
import type { BenchCode } from './bench-code';

const ROOT = join(__dirname, '..');
/** Through tsx the gateway is compiled as it loads, on a core shared with other work: seconds, at worst. */
const START_MS = 60_000;

/** A server process of the benchmark's: its pid (to read its CPU time), its address, and how to stop it. */
export interface PinnedServer {
  pid: number;
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `entry` (a source file, run built or through tsx as `code` says) with node on a free port,
 * under `taskset -c <core>` when a core is given (pinned from its first instruction, every thread it
 * ever makes), its output going to a file and not through the bench: a gateway logs a line per
 * request, and reading a hundred thousand of them would cost the load generator's core
 * (test/support's GatewayProcess keeps them for assertions). Ready once `ready` appears in that file.
 */
export async function startPinnedServer(
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  core: number | undefined,
  code: BenchCode,
): Promise<PinnedServer> {
  const port = await freePort();
  const logFile = join(mkdtempSync(join(tmpdir(), 'bench-server-')), 'output.log');
  const out = openSync(logFile, 'w');
  const node = [process.execPath, ...profiling(), ...code.nodeArgs(entry)];
  const [command, ...args] = core === undefined ? node : ['taskset', '-c', String(core), ...node];
  const child = spawn(command as string, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...GOLDEN_ERA,
      ...(process.env.BENCH_HEAP_PROFILE ? { BENCH_HEAP_PROFILE: process.env.BENCH_HEAP_PROFILE } : {}),
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const server: PinnedServer = { pid: child.pid as number, baseUrl: `http://127.0.0.1:${port}`, logFile, stop: () => stopChild(child) };
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
        return ready.test(readFileSync(logFile, 'utf8'));
      },
      START_MS,
      `${entry} to say it listens (its output: ${logFile})`,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * BENCH_CPU_PROFILE=<dir>: every server the bench starts writes a V8 CPU profile there when it stops
 * (node --cpu-prof; open it in Chrome's DevTools or speedscope), to see where a scenario's time goes.
 * BENCH_HEAP_PROFILE=<dir>: a sampling heap profile of all it allocated, the garbage included
 * (bench/heap-profile-preload.cjs), to see what the collector's time is spent on.
 */
function profiling(): string[] {
  const cpu = process.env.BENCH_CPU_PROFILE;
  const heap = process.env.BENCH_HEAP_PROFILE;
  return [
    ...(cpu ? ['--cpu-prof', `--cpu-prof-dir=${cpu}`] : []),
    ...(heap ? ['--require', join(ROOT, 'bench', 'heap-profile-preload.cjs')] : []),
  ];
}
