import type { Exposure, Subject, Symptom } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { fromEpochSeconds } from '../../gateway/normalize/dates';
import { readSymptoms, readYesNo } from '../../gateway/normalize/health-terms';
import { lookup } from '../../gateway/normalize/lookup';
import { provinceCode } from '../../gateway/normalize/provinces';
import { foldText } from '../../gateway/normalize/text';
import nativeSchema from '../../schemas/native-zalo.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, platformId, readDocument, readName, readPhone } from '../common/subject-fields';
import { readText, TEXT_LIMITS } from '../common/text-fields';
import { readBirthDate, readDeclaredAt } from '../common/time-fields';
import { ACCOUNT_PROVINCE, fieldOfLabel, type ZaloField } from './zalo-labels';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, Subject['sex']>> = { nam: 'male', nu: 'female', khac: 'other' };

/**
 * A Zalo official-account form submission as a canonical `domestic` declaration. Answers are free
 * text under labels that vary: each known label is read into its field (the first answer wins,
 * a repeat is kept), every other answer is kept as unmapped.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const answers = answerPointers(r);
  // A field nobody answered reads at `/answers/-` (JSON pointer's past-the-end element): always absent.
  const at = (field: ZaloField): string => answers.get(field) ?? '/answers/-';

  const sexText = r.text(at('sex'));
  const sex = sexText === undefined ? undefined : lookup(SEX, foldText(sexText));
  if (sexText !== undefined && sex === undefined) r.keep(at('sex'), sexText);

  const symptoms = readFreeSymptoms(r, at('symptoms'));
  const contact = r.text(at('contact'));
  const contactYes = contact === undefined ? undefined : readYesNo(contact);
  if (contact !== undefined && contactYes === undefined) r.unreadHealth(at('contact'), contact);

  const address = readText(r, at('address'), TEXT_LIMITS.addressLine);
  const oaId = r.text('/oa_id');
  return r.finish(
    context,
    r.text('/submission_id'),
    {
      kind: 'domestic',
      declaredAt: readDeclaredAt(r, '/submitted_at', context, (s) => fromEpochSeconds(Number(s))),
      subject: {
        fullName: readName(r, at('fullName')),
        birthDate: readBirthDate(r, at('birthDate'), context),
        sex,
        identifiers: identifiers(readDocument(r, at('document')), readPhone(r, at('phone')), platformId('zalo', r.text('/zalo_user_id'))),
        address: {
          provinceCode: accountProvince(oaId) ?? provinceInAddress(address),
          line: address,
        },
      },
      health: {
        symptoms,
        exposures: contactYes === undefined ? undefined : contactYes ? (['confirmed-case'] satisfies Exposure[]) : [],
      },
    },
    { recordScope: oaId, idAt: '/submission_id' },
  );
}

/** Which answer holds which field, by pointer; unknown labels and repeats are kept as unmapped. */
function answerPointers(r: NativeReader): Map<ZaloField, string> {
  const pointers = new Map<ZaloField, string>();
  r.array('/answers').forEach((answer, i) => {
    const label = r.text(`/answers/${i}/label`);
    const field = label === undefined ? undefined : fieldOfLabel(label);
    if (field !== undefined && !pointers.has(field)) pointers.set(field, `/answers/${i}/value`);
    else if (r.text(`/answers/${i}/value`) !== undefined) r.keep(`/answers/${i}`, answer);
  });
  return pointers;
}

function readFreeSymptoms(r: NativeReader, pointer: string): Symptom[] | undefined {
  const text = r.text(pointer);
  if (text === undefined) return undefined;
  const { codes, unknown } = readSymptoms(text);
  if (unknown.length > 0) r.unreadHealth(pointer, unknown.join(', '));
  return codes;
}

function accountProvince(oaId: string | undefined): string | undefined {
  return oaId === undefined ? undefined : (lookup(ACCOUNT_PROVINCE, oaId) ?? undefined);
}

/** The national account's records: the province named in the address ("..., Quận 5, TP. Hồ Chí Minh"), if any. */
function provinceInAddress(address: string | undefined): string | undefined {
  const parts = address?.split(',').reverse() ?? [];
  for (const part of parts) {
    const code = provinceCode(part);
    if (code.ok && !/^\s*\d+\s*$/.test(part)) return code.value;
  }
  return undefined;
}
