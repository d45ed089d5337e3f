import type { Platform } from '../../../gateway/domain/canonical-declaration';
import { foldText } from '../../../gateway/normalize/text';
import type { Person } from './vietnamese';

/**
 * Plants a person in a platform's native record, where that platform keeps a name, a phone and a
 * document number, in the platform's own formats; the refusal messages are then searched for them.
 */
export function plantPerson(platform: Platform, native: unknown, person: Person): unknown {
  if (native === null || typeof native !== 'object' || Array.isArray(native)) return native;
  const record = structuredClone(native) as Record<string, any>;
  const local = person.phone;
  const spaced = `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`;
  const e164 = `+84${local.slice(1)}`;
  switch (platform) {
    case 'tokhaiyte':
      Object.assign(record, { ho_ten: person.fullName, dien_thoai: spaced, loai_giay_to: 'CCCD', so_giay_to: person.cccd });
      break;
    case 'ncovi':
      record.profile = { ...record.profile, fullName: person.fullName, phone: e164, idNumber: person.cccd };
      break;
    case 'bluezone':
      record.phoneNumber = e164.slice(1);
      break;
    case 'zalo':
      record.answers = plantAnswers(Array.isArray(record.answers) ? record.answers : [], person);
      break;
    case 'c06':
      Object.assign(record, { hoVaTen: person.fullName.toUpperCase(), soDienThoai: local, soDinhDanh: person.cccd });
      break;
    case 'smartcity':
      record.citizen = { ...record.citizen, name: person.fullName, mobile: local, nationalId: person.cccd };
      break;
  }
  return record;
}

const ZALO_FIELDS: [string, (p: Person) => string][] = [
  ['ho va ten', (p) => p.fullName],
  ['so dien thoai', (p) => `${p.phone.slice(0, 4)}.${p.phone.slice(4, 7)}.${p.phone.slice(7)}`],
  ['so cmnd cccd', (p) => p.cccd],
];

function plantAnswers(answers: any[], person: Person): any[] {
  const out = answers.map((a) => ({ ...a }));
  for (const [label, value] of ZALO_FIELDS) {
    const found = out.find((a) => typeof a?.label === 'string' && foldText(a.label) === label);
    if (found) found.value = value(person);
    else
      out.push({
        label: label === 'ho va ten' ? 'Họ và tên' : label === 'so dien thoai' ? 'Số điện thoại' : 'Số CMND/CCCD',
        value: value(person),
      });
  }
  return out;
}

/**
 * The record under a fresh source id of the platform's own shape (derived from `n`), so that a
 * mutated record is a new record to store, not a replay of or a conflict with a golden one.
 */
export function withFreshId(platform: Platform, native: unknown, n: number, city = 'hanoi'): unknown {
  if (native === null || typeof native !== 'object' || Array.isArray(native)) return native;
  const digits = String(n).padStart(12, '0').slice(-12);
  const ids: Record<Platform, [string, string]> = {
    tokhaiyte: ['ma_to_khai', `TK21${digits}`],
    ncovi: ['id', `3f6c1d2e-8a4b-4c1e-9d55-${digits}`],
    bluezone: ['bluezoneId', `BZF${digits}`],
    zalo: ['submission_id', `7301${digits}`],
    c06: ['maKhaiBao', `C06-79-20210815-${digits.slice(-6)}`],
    smartcity: ['reportId', `${city.slice(0, 2).toUpperCase()}-2021-0720-${digits.slice(-8)}`],
  };
  const [field, id] = ids[platform];
  return { ...(native as object), [field]: id };
}
