import nativeSchema from '../../schemas/native-smartcity.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { BREAKER_BASE } from '../common/breaker-settings';
import { createSmartcityClient } from './smartcity-client';
import { toCanonical } from './smartcity-mapper';
import { recognizeQr } from './smartcity-qr';

/** SmartCity city apps: one software family, one instance per city deployment. */
export const smartcity: PlatformDefinition = {
  platform: 'smartcity',
  nativeSchema,
  toCanonical,
  recognizeQr,
  createClient: (connection, instance) => createSmartcityClient(connection, instance.city as string),
  // No figures in platforms.md: a city app gets the common settings and a 400 ms timeout.
  breaker: { ...BREAKER_BASE, timeoutMs: 400 },
  kinds: ['domestic', 'community-report'],
  identifiers: [],
  // One deployment per city; a fourth city is one more instance in configuration, no code.
  defaultInstances: [
    { name: 'smartcity-hanoi', city: 'hanoi', provinceCode: '01' },
    { name: 'smartcity-binhduong', city: 'binhduong', provinceCode: '74' },
    { name: 'smartcity-haiphong', city: 'haiphong', provinceCode: '31' },
  ],
};
