import nativeSchema from '../../schemas/native-zalo.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { createZaloClient } from './zalo-client';
import { toCanonical } from './zalo-mapper';
import { recognizeQr } from './zalo-qr';

/** Zalo official accounts (provincial police, the national anti-corona account): form submissions. */
export const zalo: PlatformDefinition = { platform: 'zalo', nativeSchema, toCanonical, recognizeQr, createClient: createZaloClient };
