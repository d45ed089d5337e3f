import type { Exposure, Symptom } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { fromEpochMillis } from '../../gateway/normalize/dates';
import { provinceCode } from '../../gateway/normalize/provinces';
import nativeSchema from '../../schemas/native-ncovi.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { readCodes } from '../common/code-lists';
import { NativeReader } from '../common/native-reader';
import { identifiers, platformId, readDocument, readName, readPhone } from '../common/subject-fields';
import { readText, TEXT_LIMITS } from '../common/text-fields';
import { readBirthDate, readDeclaredAt, readTravelDate } from '../common/time-fields';

const validateNative = compileSchema(nativeSchema);

const SEX = ['unknown', 'male', 'female', 'other'] as const;

const SYMPTOMS: Readonly<Record<string, Symptom>> = {
  FEVER: 'fever',
  COUGH: 'cough',
  SHORTNESS_OF_BREATH: 'shortness-of-breath',
  SORE_THROAT: 'sore-throat',
  NAUSEA: 'nausea',
  DIARRHEA: 'diarrhoea',
  SKIN_BLEEDING: 'skin-bleeding',
  SKIN_RASH: 'skin-rash',
  LOSS_OF_TASTE_SMELL: 'loss-of-taste-smell',
};

const CONTACTS: Readonly<Record<string, Exposure>> = {
  CONFIRMED_CASE: 'confirmed-case',
  SUSPECTED_CASE: 'suspected-case',
  FROM_AFFECTED_COUNTRY: 'from-affected-area',
  SYMPTOMATIC_PERSON: 'symptomatic-contact',
};

/**
 * An NCOVI app record as a canonical `domestic` declaration. Names often arrive upper-case without
 * diacritics and stay so; provinces, districts and wards are numbers (`1` is province `01`).
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const id = r.text('/id');
  const gender = r.number('/profile/gender');
  for (const [i, disease] of r.array('/health/chronicDiseases').entries()) r.keep(`/health/chronicDiseases/${i}`, disease);

  return r.finish(
    context,
    id,
    {
      kind: 'domestic',
      declaredAt: readDeclaredAt(r, '/createdAt', context, (ms) => fromEpochMillis(Number(ms))),
      subject: {
        fullName: readName(r, '/profile/fullName', { required: true }),
        birthDate: readBirthDate(r, '/profile/dob', context, { required: true }),
        sex: gender === undefined ? undefined : SEX[gender],
        identifiers: identifiers(readDocument(r, '/profile/idNumber'), readPhone(r, '/profile/phone'), platformId('ncovi', id)),
        address: {
          provinceCode: r.parse('/profile/provinceId', 'unknown-province', provinceCode),
          districtCode: paddedCode(r.number('/profile/districtId'), 3),
          wardCode: paddedCode(r.number('/profile/wardId'), 5),
          line: readText(r, '/profile/address', TEXT_LIMITS.addressLine),
        },
      },
      health: {
        symptoms: readCodes(r, '/health/symptoms', SYMPTOMS),
        exposures: readCodes(r, '/health/contacts', CONTACTS),
      },
      travel: {
        from: r.parse('/travel/from', 'unknown-province', provinceCode),
        to: r.parse('/travel/to', 'unknown-province', provinceCode),
        date: readTravelDate(r, '/travel/date', context),
      },
    },
    { idAt: '/id' },
  );
}

/** Administrative codes are fixed-width strings (district 3 digits, ward 5); NCOVI sends numbers. */
function paddedCode(value: number | undefined, width: number): string | undefined {
  return value === undefined ? undefined : String(value).padStart(width, '0');
}
