import nativeSchema from '../../schemas/native-bluezone.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createBluezoneClient } from './bluezone-client';
import { toCanonical } from './bluezone-mapper';
import { recognizeQr } from './bluezone-qr';

/** Bluezone (contact tracing): a device's exposure level and its phone number. */
export const bluezone: PlatformDefinition = {
  platform: 'bluezone',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: createBluezoneClient,
  // 20-60 ms but the least reliable: bursts of 500s and timeouts. A short timeout, a larger volume
  // before judging a burst, and a short reset so it is back soon after the burst ends.
  breaker: { ...BREAKER_BASE, timeoutMs: 250, volumeThreshold: 20, resetTimeoutMs: 3000 },
  // A device id: a phone a family may share, so it ranks after the ids of one person.
  kinds: ['exposure'],
  identifiers: [{ system: 'bluezone', names: 'device', lookup: true }],
  defaultInstances: [{ name: 'bluezone' }],
};
