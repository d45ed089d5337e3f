import type { Address, Subject, Symptom } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { parseDateTime } from '../../gateway/normalize/dates';
import { symptomOf } from '../../gateway/normalize/health-terms';
import { lookup } from '../../gateway/normalize/lookup';
import { provinceCode } from '../../gateway/normalize/provinces';
import nativeSchema from '../../schemas/native-smartcity.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, readDocument, readName, readPhone } from '../common/subject-fields';
import { readAddressLine } from '../common/text-fields';
import { readBirthDate, readDeclaredAt, readTravelDate } from '../common/time-fields';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, Subject['sex']>> = { M: 'male', F: 'female', O: 'other' };

/**
 * A SmartCity report as a canonical declaration. The city is the instance's: records do not say
 * it. A `COVID_REPORT` is a citizen's report about someone else: it becomes a `community-report`
 * with no subject at all, and the reporter's own details are dropped, never linked or kept.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const declaredAt = readDeclaredAt(r, '/timestamp', context, parseDateTime);
  const place: Address = {
    provinceCode: context.instance.provinceCode,
    line: readAddressLine(r, '/location/street', '/location/ward', '/location/district'),
  };
  const symptoms = readSymptomCodes(r);
  const recordId = r.text('/reportId');

  if (r.text('/type') === 'COVID_REPORT') {
    r.flag('unlinked');
    return r.finish(context, recordId, {
      kind: 'community-report',
      declaredAt,
      subject: {},
      health: { symptoms },
      report: { location: place },
    });
  }
  return r.finish(
    context,
    recordId,
    {
      kind: 'domestic',
      declaredAt,
      subject: {
        fullName: readName(r, '/citizen/name', { required: true }),
        birthDate: readBirthDate(r, '/citizen/birthDate', context),
        sex: lookup(SEX, r.text('/citizen/sex') ?? ''),
        identifiers: identifiers(readDocument(r, '/citizen/nationalId'), readPhone(r, '/citizen/mobile')),
        address: place,
      },
      health: { symptoms },
      travel: { provincesVisited14d: visitedProvinces(r, context) },
    },
    { idAt: '/reportId' },
  );
}

/** `"sot,ho"`: codes without diacritics, comma-separated (`;` and `|` too); an unknown code is kept, unread. */
function readSymptomCodes(r: NativeReader): Symptom[] | undefined {
  const text = r.at('/symptoms');
  if (typeof text !== 'string') return undefined; // "" is an answer: no symptoms
  const codes = new Set<Symptom>();
  for (const raw of text.split(/[,;|]/)) {
    const word = raw.trim();
    if (word === '') continue;
    const code = symptomOf(word.replace(/_/g, ' '));
    if (code) codes.add(code);
    else r.unreadHealth('/symptoms', word);
  }
  return [...codes];
}

/** The provinces of the travel history; its dates are checked (real, not past the travel bound) but not kept. */
function visitedProvinces(r: NativeReader, context: MappingContext): string[] | undefined {
  const trips = r.array('/travelHistory');
  if (trips.length === 0) return undefined;
  const codes = new Set<string>();
  trips.forEach((_, i) => {
    const code = r.parse(`/travelHistory/${i}/province`, 'unknown-province', provinceCode);
    readTravelDate(r, `/travelHistory/${i}/from`, context);
    readTravelDate(r, `/travelHistory/${i}/to`, context);
    if (code) codes.add(code);
  });
  return [...codes];
}
