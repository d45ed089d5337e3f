import fc from 'fast-check';
import reference from '../../../gateway/reference/vn-provinces-2021.json';
import { foldText } from '../../../gateway/normalize/text';

/**
 * Realistic people for the fuzzers: three-word Vietnamese names with diacritics, a real province of
 * birth, a 12-digit CCCD whose digits agree with that province, the sex and the birth year, and a
 * mobile number on a post-2018 prefix. Three words keep the folded name long enough that finding it
 * inside an English message cannot be a coincidence.
 */
export interface Person {
  fullName: string;
  sex: 'male' | 'female';
  birthYear: number;
  provinceCode: string;
  cccd: string;
  /** `09xxxxxxxx`, as most platforms send it. */
  phone: string;
}

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Trịnh',
  'Đinh',
  'Lương',
  'Quách',
];
const MIDDLE = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thành', 'Công', 'Xuân'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Mỹ', 'Kim', 'Bích', 'Diệu'],
};
const GIVEN = {
  male: ['Đạt', 'Bảo', 'Cường', 'Dũng', 'Hiếu', 'Hưng', 'Khải', 'Lộc', 'Nghĩa', 'Phước', 'Quốc', 'Sỹ', 'Thịnh', 'Trọng', 'Tuấn', 'Vượng'],
  female: ['Ánh', 'Châu', 'Diễm', 'Hằng', 'Huyền', 'Khuê', 'Loan', 'Mẫn', 'Nguyệt', 'Oanh', 'Quyên', 'Thủy', 'Trâm', 'Uyên', 'Vy', 'Xuyến'],
};
const MOBILE_PREFIXES = [
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '56',
  '58',
  '70',
  '76',
  '77',
  '78',
  '79',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '88',
  '89',
  '90',
  '91',
  '93',
  '94',
  '96',
  '97',
  '98',
  '99',
];

export const PROVINCE_CODES: readonly string[] = reference.provinces.map((p) => p.code);
export const PROVINCE_NAMES: readonly string[] = reference.provinces.map((p) => p.name);

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));

export const personArb: fc.Arbitrary<Person> = fc
  .record({
    sex: fc.constantFrom('male' as const, 'female' as const),
    family: fc.constantFrom(...FAMILY),
    pick: fc.nat(),
    birthYear: fc.integer({ min: 1930, max: 2005 }),
    provinceCode: fc.constantFrom(...PROVINCE_CODES),
    serial: digits(6),
    prefix: fc.constantFrom(...MOBILE_PREFIXES),
    subscriber: digits(7),
  })
  .map(({ sex, family, pick, birthYear, provinceCode, serial, prefix, subscriber }) => {
    const middle = MIDDLE[sex][pick % MIDDLE[sex].length] as string;
    const given = GIVEN[sex][Math.floor(pick / 8) % GIVEN[sex].length] as string;
    const centuryAndSex = (birthYear >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    return {
      fullName: `${family} ${middle} ${given}`,
      sex,
      birthYear,
      provinceCode,
      cccd: `0${provinceCode}${centuryAndSex}${String(birthYear % 100).padStart(2, '0')}${serial}`,
      phone: `0${prefix}${subscriber}`,
    };
  });

/**
 * The forms in which a planted value would be recognised in a message: the name as written, in
 * NFD, upper-cased and folded; the document number; the phone with and without its leading 0.
 */
export function personalValues(person: Person): string[] {
  const name = person.fullName;
  return [name, name.normalize('NFD'), name.toUpperCase(), foldText(name), person.cccd, person.phone, person.phone.slice(1)];
}

/** Texts a partner's free-text fields would hold, for spilling a person into an unexpected field. */
export function spills(person: Person): string[] {
  return [
    person.fullName,
    person.phone,
    person.cccd,
    `${person.fullName}, ${person.phone}`,
    `Số nhà 12, ${person.fullName} ${person.phone}`,
    `${person.cccd} ${person.fullName}`,
    `${PROVINCE_NAMES[Number(person.provinceCode) % PROVINCE_NAMES.length]} - ${person.fullName}`,
  ];
}

export const vietnameseTextArb = fc
  .array(
    fc.constantFrom(
      'Phường',
      'Bến Nghé',
      'Quận 1',
      'Hà Nội',
      'TP.HCM',
      'Đà Nẵng',
      'sốt',
      'ho',
      'khó thở',
      'Có',
      'Không',
      'Đi làm',
      'Thừa Thiên Huế',
      'Bà Rịa - Vũng Tàu',
      '12 Lê Lợi',
      'Đắk Lắk',
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((words) => words.join(' '));
