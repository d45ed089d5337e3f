import type { Address, Subject, Symptom } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { parseDate, parseDateTime } from '../../gateway/normalize/dates';
import { symptomOf } from '../../gateway/normalize/health-terms';
import { provinceCode } from '../../gateway/normalize/provinces';
import nativeSchema from '../../schemas/native-smartcity.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, joinAddress, readBirthDate, readDocument, readName, readPhone } from '../common/subject-fields';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, Subject['sex']>> = { M: 'male', F: 'female', O: 'other' };

/**
 * A SmartCity report as a canonical declaration. The city is the instance's: records do not say
 * it. A `COVID_REPORT` is a citizen's report about someone else: it becomes a `community-report`
 * with no subject at all, and the reporter's own details are dropped, never linked or kept.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const declaredAt = r.parse('/timestamp', 'invalid-date', parseDateTime) ?? '';
  const place: Address = {
    provinceCode: context.instance.provinceCode,
    line: joinAddress(r.text('/location/street'), r.text('/location/ward'), r.text('/location/district')),
  };
  const symptoms = readSymptomCodes(r);
  const recordId = r.text('/reportId');

  if (r.text('/type') === 'COVID_REPORT') {
    r.flag('unlinked');
    return r.finish(context, recordId, { kind: 'community-report', declaredAt, subject: {}, health: { symptoms }, report: { location: place } });
  }
  return r.finish(context, recordId, {
    kind: 'domestic',
    declaredAt,
    subject: {
      fullName: readName(r, '/citizen/name'),
      birthDate: readBirthDate(r, '/citizen/birthDate', context),
      sex: SEX[r.text('/citizen/sex') ?? ''],
      identifiers: identifiers(readDocument(r, '/citizen/nationalId'), readPhone(r, '/citizen/mobile')),
      address: place,
    },
    health: { symptoms },
    travel: { provincesVisited14d: visitedProvinces(r) },
  });
}

/** `"sot,ho"`: codes without diacritics, comma-separated; an unknown code is kept. */
function readSymptomCodes(r: NativeReader): Symptom[] | undefined {
  const text = r.at('/symptoms');
  if (typeof text !== 'string') return undefined; // "" is an answer: no symptoms
  const codes = new Set<Symptom>();
  for (const raw of text.split(',')) {
    const word = raw.trim();
    if (word === '') continue;
    const code = symptomOf(word.replace(/_/g, ' '));
    if (code) codes.add(code);
    else r.keep('/symptoms', word);
  }
  return [...codes];
}

function visitedProvinces(r: NativeReader): string[] | undefined {
  const trips = r.array('/travelHistory');
  if (trips.length === 0) return undefined;
  const codes = new Set<string>();
  trips.forEach((_, i) => {
    const code = r.parse(`/travelHistory/${i}/province`, 'unknown-province', provinceCode);
    r.parse(`/travelHistory/${i}/from`, 'invalid-date', parseDate);
    r.parse(`/travelHistory/${i}/to`, 'invalid-date', parseDate);
    if (code) codes.add(code);
  });
  return [...codes];
}
