import nativeSchema from '../../schemas/native-bluezone.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { createBluezoneClient } from './bluezone-client';
import { toCanonical } from './bluezone-mapper';
import { recognizeQr } from './bluezone-qr';

/** Bluezone (contact tracing): a device's exposure level and its phone number. */
export const bluezone: PlatformDefinition = { platform: 'bluezone', nativeSchema, toCanonical, recognizeQr, createClient: createBluezoneClient };
