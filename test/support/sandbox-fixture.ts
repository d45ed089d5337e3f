import type { InstanceConfig } from '../../adapters';
import { DEFAULT_INSTANCES } from '../../adapters';
import { startSandboxPlatforms, type SandboxPlatforms } from '../../gateway/sandbox/sandbox-platforms';
import type { Faults, PlatformSimulator } from '../../gateway/sandbox/platform-simulator';
import type { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import type { SyntheticCitizen } from '../../gateway/sandbox/synthetic-citizens';
import { TestGateway } from './test-gateway';
import { waitFor } from './wait-for';

/** Remembers each simulator's faults as they are now (at start: its usual latency, no error, up), and gives what puts them back. */
export function usualFaults(simulators: readonly PlatformSimulator[]): () => void {
  const usual = simulators.map((s): [PlatformSimulator, Faults] => [s, { ...s.setFaults({}) }]);
  return () => {
    for (const [simulator, faults] of usual) simulator.setFaults(faults);
  };
}

/**
 * The eight simulated platforms on loopback and a gateway that talks to them over real HTTP, seeded
 * the way `npm start` seeds it (every simulator record ingested). Breaker settings may be tightened
 * per instance so that a test sees a breaker open in a few calls.
 */
export class SandboxFixture {
  private readonly restoreFaults: () => void;

  private constructor(
    readonly platforms: SandboxPlatforms,
    readonly gw: TestGateway,
  ) {
    this.restoreFaults = usualFaults(platforms.simulators);
  }

  static async start(
    options: {
      env?: NodeJS.ProcessEnv;
      breaker?: InstanceConfig['breaker'];
      citizens?: number;
      /** Settings given to every instance (a rate budget, a freshness window of its own). */
      instance?: Pick<InstanceConfig, 'rateBudgetPerSecond' | 'freshnessSeconds'>;
      /** Instances configured without their base URL: ingest only, no lookup API. */
      ingestOnly?: string[];
    } = {},
  ): Promise<SandboxFixture> {
    const platforms = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: options.citizens ?? 40 });
    const instances = platforms.instances.map((i) => ({
      ...i,
      ...options.instance,
      breaker: options.breaker,
      ...(options.ingestOnly?.includes(i.name) ? { baseUrl: undefined } : {}),
    }));
    // Every scan asks the platforms unless a test says otherwise: the fault stories scan one citizen
    // again and again, and a freshness window would answer them without the platform they break.
    const gw = await TestGateway.start({ VERIFY_FRESHNESS_SECONDS: '0', ...options.env }, undefined, instances);
    for (const simulator of platforms.simulators) {
      for (const record of simulator.records.all()) {
        const outcome = await gw.gateway.ingest.ingestNative(simulator.instance.name, record);
        if (!outcome.ok) throw new Error(`a seed record of ${simulator.instance.name} was refused: ${JSON.stringify(outcome)}`);
      }
    }
    return new SandboxFixture(platforms, gw);
  }

  simulator(instance: string): PlatformSimulator {
    return this.platforms.simulators.find((s) => s.instance.name === instance) as PlatformSimulator;
  }

  /** Sets a simulator's faults over HTTP, as a test script or a demo would. */
  async faults(instance: string, faults: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.simulator(instance).baseUrl}/__faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    if (!response.ok) throw new Error(`PUT /__faults answered ${response.status}`);
  }

  /** Every platform back to its usual behaviour and every breaker reset: how each test may expect to find the sandbox. */
  async restore(): Promise<void> {
    this.restoreFaults();
    for (const guard of this.gw.gateway.router.guards()) await this.gw.gateway.fleet.apply(guard.instance, 'reset');
  }

  /** The breaker and bulkhead of an instance's lookups. */
  guard(instance: string): GuardedLookup {
    const found = this.gw.gateway.router.guards().find((g) => g.instance === instance);
    if (!found) throw new Error(`no guarded lookup for ${instance}`);
    return found;
  }

  /** Takes a platform down and scans `qr` (a code that asks it) until its breaker opens. */
  async takeDown(instance: string, qr: string): Promise<GuardedLookup> {
    const guard = this.guard(instance);
    await this.faults(instance, { down: true });
    await waitFor(
      async () => {
        await this.scan(qr);
        return guard.breaker.opened;
      },
      10000,
      `the ${instance} breaker to open`,
    );
    return guard;
  }

  /** Adds native records to a simulator over HTTP. */
  async addRecords(instance: string, records: unknown): Promise<void> {
    const response = await fetch(`${this.simulator(instance).baseUrl}/__records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    if (response.status !== 201) throw new Error(`POST /__records answered ${response.status}`);
  }

  /** A synthetic citizen who declared on every platform named (and lives where a SmartCity instance needs). */
  citizenOn(...platforms: SyntheticCitizen['platforms']): SyntheticCitizen {
    const found = this.platforms.citizens.find(
      (c) => platforms.every((p) => c.platforms.includes(p)) && (!platforms.includes('smartcity') || c.provinceCode === '01'),
    );
    if (!found) throw new Error(`no synthetic citizen on ${platforms.join(', ')}`);
    return found;
  }

  /** The simulator's native record of a citizen on an instance. */
  recordOf(instance: string, citizen: SyntheticCitizen): any {
    const simulator = this.simulator(instance);
    return simulator.records.all().find((r) => JSON.stringify(r).includes(citizen.cccd) || JSON.stringify(r).includes(citizen.bluezoneId));
  }

  /** The unified QR of a synthetic citizen, as the gateway issued it. */
  async unifiedQrOf(citizen: SyntheticCitizen): Promise<string> {
    const citizenId = await this.gw.gateway.store.ownerOf(`vn-cccd:${citizen.cccd}`);
    if (!citizenId) throw new Error('no citizen for this person');
    return (await this.gw.call('GET', `/v1/citizens/${citizenId}/qr`)).body.qr;
  }

  /** A checkpoint's scan, by the test's caller or by the checkpoint system named (a token subject of its own). */
  async scan(qr: string, checkpointSystem?: string) {
    const token = checkpointSystem === undefined ? undefined : this.gw.token(['verify'], checkpointSystem);
    return this.gw.call('POST', '/v1/verify', { body: { qr, checkpointId: 'CHOT-79-015' }, ...(token ? { token } : {}) });
  }

  async stop(): Promise<void> {
    await this.gw.stop();
    await this.platforms.stop();
  }
}
