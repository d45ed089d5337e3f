import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceConfig } from '../../adapters';
import { SIMULATORS } from '../../adapters/simulators';
import { PlatformSimulator } from './platform-simulator';
import { syntheticCitizens, type SyntheticCitizen } from './synthetic-citizens';

export interface SandboxPlatforms {
  simulators: PlatformSimulator[];
  /** The instances, now with each simulator's address and credentials. */
  instances: InstanceConfig[];
  citizens: SyntheticCitizen[];
  stop(): Promise<void>;
}

/**
 * Starts one simulated platform per instance on loopback and seeds each with the records its share
 * of the synthetic citizens would have there (the same person on several platforms), declared over
 * the last three days. Credentials are made fresh per run and given to both sides.
 */
export async function startSandboxPlatforms(
  instances: readonly InstanceConfig[],
  options: { now?: Date; citizens?: number } = {},
): Promise<SandboxPlatforms> {
  const now = options.now ?? new Date();
  const citizens = syntheticCitizens(options.citizens ?? 300);
  const secret = randomBytes(12).toString('base64url');
  const simulators = await Promise.all(
    instances.map(async (instance) => {
      const definition = SIMULATORS[instance.platform];
      const simulator = new PlatformSimulator(instance, definition, definition.credentials(secret));
      for (const citizen of citizens) {
        if (!citizen.platforms.includes(instance.platform)) continue;
        const record = definition.recordFor(citizen, instance, new Date(now.getTime() - (citizen.serial % 72) * 3_600_000));
        if (record !== undefined) simulator.records.add(record);
      }
      await simulator.start();
      return simulator;
    }),
  );
  return {
    simulators,
    citizens,
    instances: simulators.map((s) => ({ ...s.instance, baseUrl: s.baseUrl, credentials: s.credentials })),
    stop: async () => {
      await Promise.all(simulators.map((s) => s.stop()));
    },
  };
}

/** The token subject the sandbox's help prints: the writer the production entry's files name (below). */
export const SANDBOX_PARTNER = 'demo-partner';

/**
 * Writes the simulators' addresses where a demo or a script can find them (`.sandbox/platforms.json`),
 * and, for a try of the production entry against them, this run's instances and credentials as
 * ADAPTER_INSTANCES_FILE and ADAPTER_CREDENTIALS_FILE read them (`platform-instances.json`, every
 * instance's writer the help's token; `platform-credentials.json`, owner-only: made fresh per run).
 */
export function writePlatformAddresses(dir: string, platforms: SandboxPlatforms): string {
  const file = join(dir, 'platforms.json');
  const addresses = Object.fromEntries(
    platforms.simulators.map((s) => [
      s.instance.name,
      { baseUrl: s.baseUrl, faults: `${s.baseUrl}/__faults`, records: `${s.baseUrl}/__records` },
    ]),
  );
  writeFileSync(file, `${JSON.stringify(addresses, null, 2)}\n`);
  const instances = platforms.instances.map(({ credentials: _secret, ...instance }) => ({ ...instance, writers: [SANDBOX_PARTNER] }));
  writeFileSync(join(dir, 'platform-instances.json'), `${JSON.stringify(instances, null, 2)}\n`);
  const credentials = Object.fromEntries(platforms.instances.map((i) => [i.name, i.credentials ?? {}]));
  writeFileSync(join(dir, 'platform-credentials.json'), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return file;
}
