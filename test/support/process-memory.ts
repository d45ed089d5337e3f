import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/** What a gateway process uses of memory, for the tests that hold it to the chart's limit. */

const CHART_VALUES = join(__dirname, '..', '..', 'helm', 'vnhc-gateway', 'values.yaml');

/** What a memory test lets the gateway reach of the chart's memory limit: room is left for what a test cannot drive. */
export const SHARE_OF_LIMIT = 0.6;

/** The chart's memory limit (resources.limits.memory) and the heap it gives V8 (gateway.maxOldSpaceMiB), in MiB. */
export function chartMemoryMiB(): { limitMiB: number; heapMiB: number } {
  const values = YAML.parse(readFileSync(CHART_VALUES, 'utf8'));
  const limit = String(values.resources.limits.memory);
  const match = /^(\d+)(Mi|Gi)$/.exec(limit);
  if (!match) throw new Error(`the chart's memory limit ${limit} is not in Mi or Gi`);
  return { limitMiB: Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1), heapMiB: Number(values.gateway.maxOldSpaceMiB) };
}

/** The process listening on a loopback port: its socket's inode in /proc/net/tcp, then the process holding it. */
export function pidListeningOn(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const row = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((cols) => cols[1] === local && cols[3] === '0A');
  if (!row) throw new Error(`nothing listens on 127.0.0.1:${port}`);
  const socket = `socket:[${row[9]}]`;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === socket)) return Number(pid);
    } catch {
      // a process that ended meanwhile, or one not ours to read
    }
  }
  throw new Error(`no process holds the socket of 127.0.0.1:${port}`);
}

export const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** The peak RSS of `pid` while `work` runs, sampled every 25 ms. */
export async function peakRssWhile<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 25);
  try {
    const result = await work();
    return { result, peakMiB: Math.max(peak, rssMiB(pid)) };
  } finally {
    clearInterval(sampler);
  }
}
