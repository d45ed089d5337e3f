import nativeSchema from '../../schemas/native-zalo.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createZaloClient } from './zalo-client';
import { toCanonical } from './zalo-mapper';
import { recognizeQr } from './zalo-qr';

/** Zalo official accounts (provincial police, the national anti-corona account): form submissions. */
export const zalo: PlatformDefinition = {
  platform: 'zalo',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: createZaloClient,
  // Rate-limited at 50 requests a second per key: a small bulkhead keeps us under it.
  breaker: { ...BREAKER_BASE, timeoutMs: 300, capacity: 40 },
  // Zalo answers 429 past 50 requests a second per key (platforms.md): the gateway keeps under it itself.
  rateBudgetPerSecond: 50,
  // A Zalo user: the lookup asks for their newest form on an account they wrote to.
  kinds: ['domestic'],
  identifiers: [{ system: 'zalo', names: 'person', lookup: true }],
  defaultInstances: [{ name: 'zalo' }],
};
