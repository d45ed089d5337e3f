import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCitizen, BenchWorld, LookupStats } from './bench-platforms';
import type { FanOutPlan } from './fan-out-server';
import type { Measured } from './measure';
import { lookupHeaders } from './platform-lookups';
import type { ScannedCitizen } from './scan-world';

/** Issue 12's scan target, as a share of the echo. */
const SCAN_TARGET = 0.3;
/** Below this share of its core, a server's CPU per request grows with the sharing (caches, switches): a ratio of two such figures says little. */
const FULL_CORE = 0.8;

/** Writes what bench/fan-out-server.ts reads (each instance's address and headers, each QR's calls); returns the file. */
export function writeFanOutPlan(world: BenchWorld, scanned: readonly ScannedCitizen[]): string {
  const plan: FanOutPlan = {
    instances: Object.fromEntries(
      world.instances.map((instance) => [
        instance.name,
        {
          baseUrl: instance.baseUrl as string,
          headers: lookupHeaders(instance),
          ...(instance.platform === 'c06' ? { c06Secret: instance.credentials?.secret ?? '' } : {}),
        },
      ]),
    ),
    scans: scanned.map((s) => [s.qr, s.citizen.lookups]),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'bench-fan-out-')), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

const instancesOf = (citizen: BenchCitizen) =>
  citizen.lookups
    .map((lookup) => lookup.instance)
    .sort()
    .join(' ');

/** The floor's calls per request, and whether they are, for each citizen scenario 1 scanned, to the instances that scan's answer listed. */
export function callsNote(scanned: readonly ScannedCitizen[], askedByScans: ReadonlyMap<string, string>): string {
  const calls = scanned.reduce((sum, s) => sum + s.citizen.lookups.length, 0) / scanned.length;
  const perRequest = `${calls.toFixed(2)} platform calls per request (all of a citizen's: the gateway's Zalo budget leaves some uncalled)`;
  if (askedByScans.size === 0) return `${perRequest}; not checked against the scans (scenario 1 not run)`;
  const differ = scanned.filter(({ qr, citizen }) => askedByScans.has(qr) && askedByScans.get(qr) !== instancesOf(citizen)).length;
  return `${perRequest}; to the instances scenario 1's answers listed for ${askedByScans.size - differ} of the ${askedByScans.size} citizens it scanned, others for ${differ}`;
}

/** How the simulated platforms found the calls made: those the bench predicted are the fan-out floor's requests. */
export function lookupsNote(stats: LookupStats, whose: string, requests: number): string {
  const others = stats.unindexed === 0 ? '' : ` (${stats.examples.join('; ')})`;
  const perRequest = ((stats.indexed + stats.unindexed) / requests).toFixed(2);
  return `${whose} (${perRequest} a request, warm-up included): ${stats.indexed} the requests the fan-out floor makes, ${stats.unindexed} others${others}; ${stats.probes} health probes`;
}

/**
 * The floor against issue 12's target, by CPU: below it, one core cannot meet the target with
 * HTTP/1.1 platform calls whatever the gateway does; above it, what is left for the gateway's own
 * work. `cpuRatio`: the floor's row's, to the echo's runs beside its own (report.ts), and the ms left
 * at the floor's own moment, since the machine's speed drifts between scenarios. Said with a warning
 * when the floor or the echo had a core shared with other work.
 */
export function floorVerdict(cpuRatio: number, echo: Measured, floor: Measured): string {
  const verdict =
    cpuRatio < SCAN_TARGET
      ? `below the ${SCAN_TARGET.toFixed(2)}× target: one core cannot meet it with HTTP/1.1 platform calls, whatever the gateway does`
      : `above the ${SCAN_TARGET.toFixed(2)}× target: it leaves the gateway ${(floor.serverCpuMsPerUnit * (cpuRatio / SCAN_TARGET - 1)).toFixed(3)} ms a scan for all its own work`;
  const shared =
    Math.min(floor.serverCoreBusy, echo.serverCoreBusy) < FULL_CORE
      ? ` (but the floor had ${Math.round(floor.serverCoreBusy * 100)}% of its core and the echo ${Math.round(echo.serverCoreBusy * 100)}%: other work shared it, which inflates CPU per request; judge this on a quieter run)`
      : '';
  return `the floor's CPU × echo ${cpuRatio.toFixed(3)}, ${verdict}${shared}`;
}

/**
 * The scan's CPU in floors, from the two rows' CPU ratios to the echo beside each (the machine's
 * drift between the two scenarios cancels), and the floor's CPU a request at its own moment.
 */
export function scanOverFloor(scanCpuRatio: number, floorCpuRatio: number, floor: Measured): string {
  return `scan CPU ${(floorCpuRatio / scanCpuRatio).toFixed(2)}× the fan-out floor's (${floor.serverCpuMsPerUnit.toFixed(3)} ms)`;
}
