import { compileSchema } from '../../gateway/domain/schema-compiler';
import { parseDateTime } from '../../gateway/normalize/dates';
import { lookup } from '../../gateway/normalize/lookup';
import nativeSchema from '../../schemas/native-bluezone.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, platformId, readPhone } from '../common/subject-fields';
import { readDeclaredAt, readPastTime } from '../common/time-fields';

const validateNative = compileSchema(nativeSchema);

const RISK: Readonly<Record<string, 'F0' | 'F1' | 'F2' | 'none'>> = { F0: 'F0', F1: 'F1', F2: 'F2', NONE: 'none' };

/**
 * A Bluezone risk record as a canonical `exposure` declaration. It knows a device and a phone, no
 * person: it joins a citizen only through the phone, later, and only where one citizen holds it.
 * The device id names a living record whose level changes, so `updatedAt` is its version: each
 * new level is a record of its own, and a replay of the same one is still recognised.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const bluezoneId = r.text('/bluezoneId');
  const updatedAt = readDeclaredAt(r, '/updatedAt', context, parseDateTime);
  const level = r.text('/riskLevel');

  return r.finish(
    context,
    bluezoneId,
    {
      kind: 'exposure',
      declaredAt: updatedAt,
      subject: { identifiers: identifiers(readPhone(r, '/phoneNumber'), platformId('bluezone', bluezoneId)) },
      health: {
        riskLevel: level === undefined ? undefined : lookup(RISK, level),
        lastContactAt: readPastTime(r, '/lastContactAt', context, parseDateTime),
      },
    },
    { recordVersion: updatedAt, idAt: '/bluezoneId' },
  );
}
