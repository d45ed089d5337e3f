import nativeSchema from '../../schemas/native-c06.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createC06Client } from './c06-client';
import { toCanonical } from './c06-mapper';
import { recognizeQr } from './c06-qr';

/** C06 population-movement software (Ministry of Public Security): road-checkpoint passages. */
export const c06: PlatformDefinition = {
  platform: 'c06',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: createC06Client,
  // 150-600 ms, with maintenance windows: the longest timeout, and a long reset so a window is not probed constantly.
  breaker: { ...BREAKER_BASE, timeoutMs: 700, resetTimeoutMs: 15_000, capacity: 32 },
  kinds: ['movement'],
  identifiers: [],
  defaultInstances: [{ name: 'c06' }],
};
