import type { Platform } from '../gateway/domain/canonical-declaration';
import { describeErrors } from '../gateway/domain/canonical-schema';
import { compileSchema } from '../gateway/domain/schema-compiler';
import { ConfigError } from '../gateway/errors/config-error';
import { provinceByCode } from '../gateway/normalize/provinces';
import instancesSchema from '../schemas/adapter-instances.schema.json';
import { bluezone } from './bluezone/bluezone-adapter';
import { c06 } from './c06/c06-adapter';
import { AdapterInstance, AdapterRegistry, checkedSkew } from './common/adapter-registry';
import type { InstanceConfig, MappingOptions, PlatformDefinition } from './common/adapter-types';
import { IdentifierSystems } from './common/identifier-systems';
import { ncovi } from './ncovi/ncovi-adapter';
import { smartcity } from './smartcity/smartcity-adapter';
import { tokhaiyte } from './tokhaiyte/tokhaiyte-adapter';
import { zalo } from './zalo/zalo-adapter';

export { AdapterInstance, AdapterRegistry } from './common/adapter-registry';
export { schemaReasons, unjudgedText } from './common/schema-reasons';
export { carriesPersonalNumber, PERSONAL_NUMBER_IN_ID } from './common/record-ids';
export { timeoutSignal, UpstreamError } from './common/upstream';
export type { LookupClient, LookupResult, LookupSubject, PlatformConnection, UpstreamFailure } from './common/upstream';
export { DEFAULT_FUTURE_SKEW_MS } from './common/adapter-types';
export type {
  InstanceConfig,
  MappingOptions,
  MappingResult,
  PlatformDefinition,
  QrReference,
  ReasonCode,
  RefusalReason,
} from './common/adapter-types';
export type { BreakerSettings } from './common/breaker-settings';
export { DOCUMENT_SYSTEMS, type IdentifierSystemEntry, type IdentifierSystems, type PlatformIdentifier } from './common/identifier-systems';

/**
 * The registry: every platform the gateway can speak, one line each, in the order the gateway
 * lists them (the default instances, the synthetic citizens, the schemas' enums). The gateway
 * imports adapters only through this file; the sandbox's simulators have their own registry
 * (adapters/simulators.ts), which production code never loads.
 */
export const PLATFORMS: readonly PlatformDefinition[] = [tokhaiyte, ncovi, bluezone, zalo, c06, smartcity];

/** Every identifier system of the registry's platforms, strongest first, and how each joins and is asked by. */
export const IDENTIFIER_SYSTEMS = new IdentifierSystems(PLATFORMS);

/** The eight deployments of 2021, each from its platform's definition; configuration may replace or extend them. */
export const DEFAULT_INSTANCES: readonly InstanceConfig[] = PLATFORMS.flatMap((p) =>
  p.defaultInstances.map((i) => ({ ...i, platform: p.platform })),
);

const BY_NAME: ReadonlyMap<string, PlatformDefinition> = new Map(PLATFORMS.map((p) => [p.platform, p]));

/** The definition of a platform, by name. */
export function platformDefinition(platform: Platform): PlatformDefinition | undefined {
  return BY_NAME.get(platform);
}

const validateInstances = compileSchema<InstanceConfig[]>(instancesSchema);

/**
 * Checks a list of instances as configuration, naming `source` (the variable or file they came
 * from) and the entry at fault: the schema (an unknown platform, a SmartCity city without its
 * province), a repeated name, a province code that names no province.
 */
export function checkInstances(instances: unknown, source = 'adapter instances'): readonly InstanceConfig[] {
  if (!validateInstances(instances)) throw new ConfigError(`${source}: ${describeErrors(validateInstances.errors).join('; ')}`);
  const names = new Set<string>();
  instances.forEach((config, i) => {
    if (names.has(config.name)) throw new ConfigError(`${source}: /${i}/name "${config.name}" is used twice`);
    names.add(config.name);
    if (config.provinceCode !== undefined && !provinceByCode(config.provinceCode)) {
      throw new ConfigError(`${source}: /${i}/provinceCode "${config.provinceCode}" is not a province code`);
    }
    if (!BY_NAME.has(config.platform))
      throw new ConfigError(
        `${source}: /${i}/platform "${config.platform}" is in the schema but not in the registry (run npm run gen:types)`,
      );
  });
  return instances;
}

/**
 * Builds the registry from configuration, refusing a bad configuration at start (a ConfigError)
 * with the entry at fault named: see checkInstances, and a clock skew that is not a whole number
 * of milliseconds from 0 to a day.
 */
export function createAdapterRegistry(
  instances: readonly InstanceConfig[] = DEFAULT_INSTANCES,
  options: MappingOptions = {},
): AdapterRegistry {
  const futureSkewMs = checkedSkew(options.futureSkewMs);
  const built = checkInstances(instances).map(
    (config) => new AdapterInstance(config, BY_NAME.get(config.platform) as PlatformDefinition, { futureSkewMs }),
  );
  return new AdapterRegistry(built, futureSkewMs);
}
