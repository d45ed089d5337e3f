import { readFileSync } from 'node:fs';
import { DEFAULT_INSTANCES, type InstanceConfig } from '../adapters';

/**
 * The gateway's configuration, read from the environment in this one module and checked at start:
 * a bad value stops the process with the variable named, never a silent default.
 */
export interface GatewayConfig {
  /** The adapter instances: `ADAPTER_INSTANCES_FILE` (a JSON array, schemas/adapter-instances.schema.json) or the eight of 2021. */
  instances: readonly InstanceConfig[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return { instances: readInstances(env.ADAPTER_INSTANCES_FILE) };
}

function readInstances(file: string | undefined): readonly InstanceConfig[] {
  if (file === undefined || file === '') return DEFAULT_INSTANCES;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstanceConfig[];
  } catch (error) {
    throw new Error(`ADAPTER_INSTANCES_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
}
