import nativeSchema from '../../schemas/native-ncovi.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createNcoviClient } from './ncovi-client';
import { toCanonical } from './ncovi-mapper';
import { recognizeQr } from './ncovi-qr';

/** NCOVI (Ministry of Information and Communications, Ministry of Health): app declarations. */
export const ncovi: PlatformDefinition = {
  platform: 'ncovi',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: createNcoviClient,
  // 30-80 ms; drops connections now and then (retried once).
  breaker: { ...BREAKER_BASE, timeoutMs: 300 },
  // The NCOVI id names one declaration: it joins a replayed or corrected record, but never finds a citizen's newest.
  kinds: ['domestic'],
  identifiers: [{ system: 'ncovi', names: 'person', lookup: false }],
  defaultInstances: [{ name: 'ncovi' }],
};
