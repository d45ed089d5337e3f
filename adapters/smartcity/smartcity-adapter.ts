import nativeSchema from '../../schemas/native-smartcity.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
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
};
