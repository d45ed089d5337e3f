import type { Platform } from '../gateway/domain/canonical-declaration';
import { describeErrors, validateCanonical } from '../gateway/domain/canonical-schema';
import { compileSchema } from '../gateway/domain/schema-compiler';
import { provinceByCode } from '../gateway/normalize/provinces';
import instancesSchema from '../schemas/adapter-instances.schema.json';
import { bluezone } from './bluezone/bluezone-adapter';
import { c06 } from './c06/c06-adapter';
import { DEFAULT_FUTURE_SKEW_MS, type InstanceConfig, type MappingOptions, type MappingResult, type PlatformDefinition, type QrReference } from './common/adapter-types';
import type { LookupClient } from './common/upstream';
import { ncovi } from './ncovi/ncovi-adapter';
import { smartcity } from './smartcity/smartcity-adapter';
import { tokhaiyte } from './tokhaiyte/tokhaiyte-adapter';
import { zalo } from './zalo/zalo-adapter';
import { bluezoneSimulator } from './bluezone/bluezone-simulator';
import { c06Simulator } from './c06/c06-simulator';
import { ncoviSimulator } from './ncovi/ncovi-simulator';
import { smartcitySimulator } from './smartcity/smartcity-simulator';
import { tokhaiyteSimulator } from './tokhaiyte/tokhaiyte-simulator';
import { zaloSimulator } from './zalo/zalo-simulator';
import type { SimulatorDefinition } from './common/simulator-types';

export { schemaReasons } from './common/schema-reasons';
export { UpstreamError } from './common/upstream';
export { SimulatorRecords, type SimulatorDefinition } from './common/simulator-types';
export type { LookupClient, LookupResult, LookupSubject, PlatformConnection } from './common/upstream';
export { DEFAULT_FUTURE_SKEW_MS } from './common/adapter-types';
export type { InstanceConfig, MappingOptions, MappingResult, QrReference, ReasonCode, RefusalReason } from './common/adapter-types';

/** The sandbox's simulated platforms, by platform (not used by a production gateway). */
export const SIMULATORS: Readonly<Record<Platform, SimulatorDefinition>> = {
  tokhaiyte: tokhaiyteSimulator, ncovi: ncoviSimulator, bluezone: bluezoneSimulator, zalo: zaloSimulator, c06: c06Simulator, smartcity: smartcitySimulator,
};

/** Every platform the gateway can speak, by name. The gateway imports adapters only through this file. */
const PLATFORMS: Readonly<Record<Platform, PlatformDefinition>> = { tokhaiyte, ncovi, bluezone, zalo, c06, smartcity };

/** The eight deployments of 2021; configuration may replace or extend them. */
export const DEFAULT_INSTANCES: readonly InstanceConfig[] = [
  { name: 'tokhaiyte', platform: 'tokhaiyte' },
  { name: 'ncovi', platform: 'ncovi' },
  { name: 'bluezone', platform: 'bluezone' },
  { name: 'zalo', platform: 'zalo' },
  { name: 'c06', platform: 'c06' },
  { name: 'smartcity-hanoi', platform: 'smartcity', city: 'hanoi', provinceCode: '01' },
  { name: 'smartcity-binhduong', platform: 'smartcity', city: 'binhduong', provinceCode: '74' },
  { name: 'smartcity-haiphong', platform: 'smartcity', city: 'haiphong', provinceCode: '31' },
];

const validateInstances = compileSchema<InstanceConfig[]>(instancesSchema);

/** One configured instance: its platform's pure functions bound to its own settings. */
export class AdapterInstance {
  /** Milliseconds a record's own time may lie after its arrival. */
  readonly futureSkewMs: number;

  constructor(
    readonly config: InstanceConfig,
    private readonly definition: PlatformDefinition,
    options: MappingOptions = {},
  ) {
    this.futureSkewMs = checkedSkew(options.futureSkewMs);
  }

  get name(): string {
    return this.config.name;
  }

  get platform(): Platform {
    return this.config.platform;
  }

  get nativeSchema(): object {
    return this.definition.nativeSchema;
  }

  /**
   * Maps a native record received at `receivedAt` (the gateway's clock, RFC 3339) and checks the
   * result against the canonical schema. A mapping that produces an invalid declaration is a
   * defect in the gateway, not in the record: it throws. `options` override the instance's own
   * (the clock skew), for one call.
   */
  toCanonical(native: unknown, receivedAt: string, options: MappingOptions = {}): MappingResult {
    const futureSkewMs = options.futureSkewMs === undefined ? this.futureSkewMs : checkedSkew(options.futureSkewMs);
    const result = this.definition.toCanonical(native, { instance: this.config, receivedAt, futureSkewMs });
    if (result.ok && !validateCanonical(result.declaration)) {
      throw new Error(`${this.name} mapping produced an invalid declaration: ${describeErrors(validateCanonical.errors).join('; ')}`);
    }
    return result;
  }

  recognizeQr(text: string): QrReference | undefined {
    return this.definition.recognizeQr(text, this.config);
  }

  /** The instance's lookup client, or undefined for an instance configured without a base URL (ingest only). */
  createClient(): LookupClient | undefined {
    const { baseUrl, credentials } = this.config;
    return baseUrl ? this.definition.createClient({ baseUrl, credentials: credentials ?? {} }, this.config) : undefined;
  }
}

/** The configured instances, by name, in configuration order. */
export class AdapterRegistry {
  private readonly byName: ReadonlyMap<string, AdapterInstance>;

  constructor(
    instances: readonly AdapterInstance[],
    /** Milliseconds a declaration's time may lie after its arrival; canonical input is held to it too. */
    readonly futureSkewMs: number = DEFAULT_FUTURE_SKEW_MS,
  ) {
    this.byName = new Map(instances.map((i) => [i.name, i]));
  }

  get(name: string): AdapterInstance | undefined {
    return this.byName.get(name);
  }

  list(): AdapterInstance[] {
    return [...this.byName.values()];
  }

  /** The instance whose QR text this is, and the record it names; undefined for any other text. */
  recognizeQr(text: string): QrReference | undefined {
    for (const instance of this.byName.values()) {
      const reference = instance.recognizeQr(text);
      if (reference) return reference;
    }
    return undefined;
  }
}

/**
 * Builds the registry from configuration, refusing a bad configuration at start with the entry
 * at fault named: an unknown platform, a repeated name, a SmartCity city without its province, a
 * clock skew that is not a whole number of milliseconds from 0 to a day.
 */
export function createAdapterRegistry(instances: readonly InstanceConfig[] = DEFAULT_INSTANCES, options: MappingOptions = {}): AdapterRegistry {
  const futureSkewMs = checkedSkew(options.futureSkewMs);
  if (!validateInstances(instances)) {
    throw new Error(`adapter instances: ${describeErrors(validateInstances.errors).join('; ')}`);
  }
  const names = new Set<string>();
  const built = instances.map((config, i) => {
    if (names.has(config.name)) throw new Error(`adapter instances: /${i}/name "${config.name}" is used twice`);
    names.add(config.name);
    if (config.provinceCode !== undefined && !provinceByCode(config.provinceCode)) {
      throw new Error(`adapter instances: /${i}/provinceCode "${config.provinceCode}" is not a province code`);
    }
    return new AdapterInstance(config, PLATFORMS[config.platform], { futureSkewMs });
  });
  return new AdapterRegistry(built, futureSkewMs);
}

/** More than a day between two clocks is a wrong date, not skew: a larger setting is a configuration mistake. */
const MAX_FUTURE_SKEW_MS = 24 * 3600 * 1000;

/** The skew option, or the default; a negative, fractional or larger-than-a-day one is a configuration error. */
function checkedSkew(futureSkewMs: number | undefined): number {
  if (futureSkewMs === undefined) return DEFAULT_FUTURE_SKEW_MS;
  if (!Number.isSafeInteger(futureSkewMs) || futureSkewMs < 0 || futureSkewMs > MAX_FUTURE_SKEW_MS) {
    throw new Error(`futureSkewMs must be a whole number of milliseconds from 0 to ${MAX_FUTURE_SKEW_MS} (a day), not ${futureSkewMs}`);
  }
  return futureSkewMs;
}
