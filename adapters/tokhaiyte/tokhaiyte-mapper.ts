import type { Exposure, Symptom, Vehicle } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { parseDateTime } from '../../gateway/normalize/dates';
import type { DocumentSystem } from '../../gateway/normalize/documents';
import { lookup } from '../../gateway/normalize/lookup';
import { nationalityCode } from '../../gateway/normalize/nationalities';
import { provinceCode } from '../../gateway/normalize/provinces';
import { foldText } from '../../gateway/normalize/text';
import nativeSchema from '../../schemas/native-tokhaiyte.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, readDocument, readName, readPhone } from '../common/subject-fields';
import { readAddressLine, readText, TEXT_LIMITS } from '../common/text-fields';
import { readBirthDate, readDeclaredAt, readTravelDate } from '../common/time-fields';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, 'male' | 'female' | 'other'>> = { nam: 'male', nu: 'female', khac: 'other' };
const DOCUMENT: Readonly<Record<string, DocumentSystem>> = { CMND: 'vn-cmnd', CCCD: 'vn-cccd', HO_CHIEU: 'passport' };
const VEHICLE: Readonly<Record<string, Vehicle>> = { TAU_BAY: 'plane', TAU_THUYEN: 'ship', O_TO: 'road', TAU_HOA: 'train', KHAC: 'other' };

/** The form's eight symptom questions, in its order. */
const SYMPTOMS: readonly [string, Symptom][] = [
  ['sot', 'fever'],
  ['ho', 'cough'],
  ['kho_tho', 'shortness-of-breath'],
  ['dau_hong', 'sore-throat'],
  ['buon_non', 'nausea'],
  ['tieu_chay', 'diarrhoea'],
  ['xuat_huyet_ngoai_da', 'skin-bleeding'],
  ['noi_ban_ngoai_da', 'skin-rash'],
];

/**
 * The form's three exposure questions. The first asks about "a sick or suspected person" in one
 * question; the gateway cannot tell which, and reads it at its strongest (a confirmed case), so
 * that a checkpoint errs towards a health check.
 */
const EXPOSURES: readonly [string, Exposure][] = [
  ['nguoi_benh_hoac_nghi_ngo', 'confirmed-case'],
  ['nguoi_tu_nuoc_co_benh', 'from-affected-area'],
  ['nguoi_co_bieu_hien', 'symptomatic-contact'],
];

/** The questions' pointers, written once rather than for every record (a new string is hashed anew at every read). */
const SYMPTOM_POINTERS = pointersUnder('/trieu_chung_14_ngay', SYMPTOMS);
const EXPOSURE_POINTERS = pointersUnder('/tiep_xuc_14_ngay', EXPOSURES);

function pointersUnder<T>(parent: string, questions: readonly [string, T][]): readonly [string, T][] {
  return questions.map(([field, code]) => [`${parent}/${field}`, code]);
}

/** The codes of the questions answered `true`, in the form's order. */
function answeredYes<T>(r: NativeReader, questions: readonly [string, T][]): T[] {
  const codes: T[] = [];
  for (const [pointer, code] of questions) if (r.boolean(pointer)) codes.push(code);
  return codes;
}

/** A tokhaiyte declaration (Ministry of Health) as a canonical `domestic` declaration. */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const genderText = r.text('/gioi_tinh');
  const sex = genderText === undefined ? undefined : lookup(SEX, foldText(genderText));
  if (genderText !== undefined && sex === undefined) r.refuse('/gioi_tinh', 'not-allowed', 'must be "Nam", "Nữ" or "Khác"');
  const documentType = r.text('/loai_giay_to');
  const nationality = r.parse('/quoc_tich', 'invalid-value', nationalityCode);
  const email = r.text('/email');
  if (email !== undefined) r.keep('/email', email);

  return r.finish(
    context,
    r.text('/ma_to_khai'),
    {
      kind: 'domestic',
      declaredAt: readDeclaredAt(r, '/thoi_gian_khai_bao', context, parseDateTime),
      subject: {
        fullName: readName(r, '/ho_ten', { required: true }),
        birthDate: readBirthDate(r, '/nam_sinh', context, { required: true }),
        sex,
        nationality,
        identifiers: identifiers(
          readDocument(r, '/so_giay_to', documentType === undefined ? undefined : lookup(DOCUMENT, documentType), nationality),
          readPhone(r, '/dien_thoai'),
        ),
        address: {
          provinceCode: r.parse('/dia_chi/tinh', 'unknown-province', provinceCode),
          line: readAddressLine(r, '/dia_chi/so_nha', '/dia_chi/phuong_xa', '/dia_chi/quan_huyen'),
        },
      },
      health: {
        symptoms: answeredYes(r, SYMPTOM_POINTERS),
        exposures: answeredYes(r, EXPOSURE_POINTERS),
      },
      travel: {
        from: r.parse('/di_chuyen/noi_di', 'unknown-province', provinceCode),
        to: r.parse('/di_chuyen/noi_den', 'unknown-province', provinceCode),
        date: readTravelDate(r, '/di_chuyen/ngay_di', context),
        vehicle: lookup(VEHICLE, r.text('/di_chuyen/phuong_tien') ?? ''),
        vehicleId: readText(r, '/di_chuyen/so_hieu', TEXT_LIMITS.vehicleId),
        provincesVisited14d: visitedProvinces(r),
      },
    },
    { idAt: '/ma_to_khai' },
  );
}

function visitedProvinces(r: NativeReader): string[] | undefined {
  const names = r.array('/tinh_da_qua_14_ngay');
  if (names.length === 0) return undefined;
  const codes = names.map((_, i) => r.parse(`/tinh_da_qua_14_ngay/${i}`, 'unknown-province', provinceCode));
  return [...new Set(codes.filter((c): c is string => c !== undefined))];
}
