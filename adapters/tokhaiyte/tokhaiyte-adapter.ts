import nativeSchema from '../../schemas/native-tokhaiyte.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createTokhaiyteClient } from './tokhaiyte-client';
import { toCanonical } from './tokhaiyte-mapper';
import { recognizeQr } from './tokhaiyte-qr';

/** Vietnam Health Declaration (Ministry of Health): domestic declarations, the most complete record. */
export const tokhaiyte: PlatformDefinition = {
  platform: 'tokhaiyte',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: createTokhaiyteClient,
  // 40-120 ms; 503 with Retry-After under load.
  breaker: { ...BREAKER_BASE, timeoutMs: 350 },
  kinds: ['domestic'],
  identifiers: [],
  defaultInstances: [{ name: 'tokhaiyte' }],
};
