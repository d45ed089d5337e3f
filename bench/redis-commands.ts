import { spawnSync } from 'node:child_process';

/** Calls per command since the Redis started, from `INFO commandstats` (the command's name lower-cased). */
export type CommandCounts = Map<string, number>;

export function commandCounts(port: number): CommandCounts {
  const info = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  if (info.status !== 0) throw new Error(`redis-cli INFO commandstats on port ${port}: ${info.stderr.trim()}`);
  const counts: CommandCounts = new Map();
  for (const match of info.stdout.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts.set(match[1] as string, Number(match[2]));
  return counts;
}

/**
 * The commands the gateway sent between two readings, the bench's own INFO left out. A figure, not
 * a round-trip count: a pipeline or MULTI sends several commands in one round trip, and the gateway's
 * background work (health probes, breaker state) is counted with the requests.
 */
export function commandsBetween(before: CommandCounts, after: CommandCounts): { total: number; byCommand: Record<string, number> } {
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const [command, calls] of after) {
    const sent = calls - (before.get(command) ?? 0);
    if (command === 'info' || sent === 0) continue;
    byCommand[command] = sent;
    total += sent;
  }
  return { total, byCommand };
}
