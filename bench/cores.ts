import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Core placement for the benchmarks: the server under test alone on core 1, everything that makes
 * load or stands in for the world (autocannon, the simulated platforms, Redis) on core 0, so a ratio
 * to the echo compares the CPU each server spends per request on one core. Without taskset (macOS,
 * a container without util-linux) nothing is pinned and the report says so.
 */
export const LOAD_CORE = 0;
export const SERVER_CORE = 1;

export function tasksetAvailable(): boolean {
  return spawnSync('taskset', ['--version']).status === 0;
}

/** Pins every thread of a running process (libuv's pool and V8's helpers too: `-a`) to one core. */
export function pinProcess(pid: number, core: number): void {
  const pinned = spawnSync('taskset', ['-a', '-cp', String(core), String(pid)], { encoding: 'utf8' });
  if (pinned.status !== 0) throw new Error(`taskset could not pin ${pid} to core ${core}: ${pinned.stderr.trim()}`);
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds a process has used so far, user and system, all its threads (Linux's /proc). */
export function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Each core's busy and total time so far, all processes (Linux's /proc/stat, in clock ticks). */
export function coreTimes(): { busy: number; total: number }[] {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      // user nice system idle iowait irq softirq steal
      const field = line.split(/\s+/).slice(1).map(Number);
      const at = (index: number) => field[index] ?? 0;
      const busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
      return { busy, total: busy + at(3) + at(4) };
    });
}

/** The share of each core kept busy between two readings of coreTimes, by anything. */
export function coreBusyBetween(before: ReturnType<typeof coreTimes>, after: ReturnType<typeof coreTimes>): number[] {
  return after.map((a, i) => {
    const b = before[i] ?? { busy: 0, total: 0 };
    return a.total === b.total ? 0 : (a.busy - b.busy) / (a.total - b.total);
  });
}
