import nativeSchema from '../../schemas/native-ncovi.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { createNcoviClient } from './ncovi-client';
import { toCanonical } from './ncovi-mapper';
import { recognizeQr } from './ncovi-qr';

/** NCOVI (Ministry of Information and Communications, Ministry of Health): app declarations. */
export const ncovi: PlatformDefinition = { platform: 'ncovi', nativeSchema, toCanonical, recognizeQr, createClient: createNcoviClient };
