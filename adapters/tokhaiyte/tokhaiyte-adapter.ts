import nativeSchema from '../../schemas/native-tokhaiyte.schema.json';
import type { PlatformDefinition } from '../common/adapter-types';
import { createTokhaiyteClient } from './tokhaiyte-client';
import { toCanonical } from './tokhaiyte-mapper';
import { recognizeQr } from './tokhaiyte-qr';

/** Vietnam Health Declaration (Ministry of Health): domestic declarations, the most complete record. */
export const tokhaiyte: PlatformDefinition = { platform: 'tokhaiyte', nativeSchema, toCanonical, recognizeQr, createClient: createTokhaiyteClient };
