import type { Exposure, Symptom, Vehicle } from '../../gateway/domain/canonical-declaration';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { parseDate, parseDateTime } from '../../gateway/normalize/dates';
import type { DocumentSystem } from '../../gateway/normalize/documents';
import { nationalityCode } from '../../gateway/normalize/nationalities';
import { provinceCode } from '../../gateway/normalize/provinces';
import { foldText } from '../../gateway/normalize/text';
import nativeSchema from '../../schemas/native-tokhaiyte.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, joinAddress, readBirthDate, readDocument, readName, readPhone } from '../common/subject-fields';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, 'male' | 'female' | 'other'>> = { nam: 'male', nu: 'female', khac: 'other' };
const DOCUMENT: Readonly<Record<string, DocumentSystem>> = { CMND: 'vn-cmnd', CCCD: 'vn-cccd', HO_CHIEU: 'passport' };
const VEHICLE: Readonly<Record<string, Vehicle>> = { TAU_BAY: 'plane', TAU_THUYEN: 'ship', O_TO: 'road', TAU_HOA: 'train', KHAC: 'other' };

/** The form's eight symptom questions, in its order. */
const SYMPTOMS: readonly [string, Symptom][] = [
  ['sot', 'fever'], ['ho', 'cough'], ['kho_tho', 'shortness-of-breath'], ['dau_hong', 'sore-throat'],
  ['buon_non', 'nausea'], ['tieu_chay', 'diarrhoea'], ['xuat_huyet_ngoai_da', 'skin-bleeding'], ['noi_ban_ngoai_da', 'skin-rash'],
];

/**
 * The form's three exposure questions. The first asks about "a sick or suspected person" in one
 * question; the gateway cannot tell which, and reads it at its strongest (a confirmed case), so
 * that a checkpoint errs towards a health check.
 */
const EXPOSURES: readonly [string, Exposure][] = [
  ['nguoi_benh_hoac_nghi_ngo', 'confirmed-case'], ['nguoi_tu_nuoc_co_benh', 'from-affected-area'], ['nguoi_co_bieu_hien', 'symptomatic-contact'],
];

/** A tokhaiyte declaration (Ministry of Health) as a canonical `domestic` declaration. */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const genderText = r.text('/gioi_tinh');
  const sex = genderText === undefined ? undefined : SEX[foldText(genderText)];
  if (genderText !== undefined && sex === undefined) r.refuse('/gioi_tinh', 'not-allowed', 'must be "Nam", "Nữ" or "Khác"');
  const documentType = r.text('/loai_giay_to');
  const email = r.text('/email');
  if (email !== undefined) r.keep('/email', email);

  return r.finish(context, r.text('/ma_to_khai'), {
    kind: 'domestic',
    // An unreadable time has already refused the record; '' never reaches a declaration.
    declaredAt: r.parse('/thoi_gian_khai_bao', 'invalid-date', parseDateTime) ?? '',
    subject: {
      fullName: readName(r, '/ho_ten'),
      birthDate: readBirthDate(r, '/nam_sinh', context),
      sex,
      nationality: r.parse('/quoc_tich', 'invalid-value', nationalityCode),
      identifiers: identifiers(
        readDocument(r, '/so_giay_to', documentType === undefined ? undefined : DOCUMENT[documentType]),
        readPhone(r, '/dien_thoai'),
      ),
      address: {
        provinceCode: r.parse('/dia_chi/tinh', 'unknown-province', provinceCode),
        line: joinAddress(r.text('/dia_chi/so_nha'), r.text('/dia_chi/phuong_xa'), r.text('/dia_chi/quan_huyen')),
      },
    },
    health: {
      symptoms: SYMPTOMS.filter(([field]) => r.boolean(`/trieu_chung_14_ngay/${field}`)).map(([, code]) => code),
      exposures: EXPOSURES.filter(([field]) => r.boolean(`/tiep_xuc_14_ngay/${field}`)).map(([, code]) => code),
    },
    travel: {
      from: r.parse('/di_chuyen/noi_di', 'unknown-province', provinceCode),
      to: r.parse('/di_chuyen/noi_den', 'unknown-province', provinceCode),
      date: r.parse('/di_chuyen/ngay_di', 'invalid-date', parseDate),
      vehicle: VEHICLE[r.text('/di_chuyen/phuong_tien') ?? ''],
      vehicleId: r.text('/di_chuyen/so_hieu'),
      provincesVisited14d: visitedProvinces(r),
    },
  });
}

function visitedProvinces(r: NativeReader): string[] | undefined {
  const names = r.array('/tinh_da_qua_14_ngay');
  if (names.length === 0) return undefined;
  const codes = names.map((_, i) => r.parse(`/tinh_da_qua_14_ngay/${i}`, 'unknown-province', provinceCode));
  return [...new Set(codes.filter((c): c is string => c !== undefined))];
}
