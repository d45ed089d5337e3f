import { isCountry } from './nationalities';
import { accept, reject, type Parsed } from './parsed';
import { provinceByCode } from './provinces';

export type DocumentSystem = 'vn-cccd' | 'vn-cmnd' | 'passport';

export interface IdentityDocument {
  system: DocumentSystem;
  value: string;
}

/** What a 12-digit personal identification number says about its holder. */
export interface CccdFacts {
  provinceCode: string;
  sex: 'male' | 'female';
  birthYear: number;
}

const CCCD = /^\d{12}$/;
const CMND = /^\d{9}$/;
const VN_PASSPORT = /^[A-Z]\d{7}$/;
const FOREIGN_PASSPORT = /^[A-Z0-9]{6,12}$/;
const SEPARATORS = /[\s.-]/g;

/**
 * The 4th digit of a 12-digit number gives the sex and the century of birth: an even digit is male,
 * an odd one female, and each pair moves one century (0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s,
 * 8/9 1800s).
 */
const CENTURY_BY_PAIR = [1900, 2000, 2100, 2200, 1800] as const;

/** Reads a 12-digit CCCD number: its province of birth, the holder's sex and birth year. */
export function decodeCccd(value: string): Parsed<CccdFacts> {
  if (!CCCD.test(value)) return reject('is not a 12-digit CCCD number');
  const provinceCode = value.slice(1, 3);
  if (value[0] !== '0' || !provinceByCode(provinceCode)) {
    return reject('is not a CCCD number: its first 3 digits must be a province code (001 Hà Nội ... 096 Cà Mau)');
  }
  const genderDigit = Number(value[3]);
  const century = CENTURY_BY_PAIR[Math.floor(genderDigit / 2)] as number;
  return accept({
    provinceCode,
    sex: genderDigit % 2 === 0 ? 'male' : 'female',
    birthYear: century + Number(value.slice(4, 6)),
  });
}

/**
 * Classifies a document number by its shape: 12 digits a CCCD, 9 digits a CMND, otherwise a
 * passport. When the platform states the type, the number must have that type's shape. A passport
 * of digits alone is a foreigner's (a United States or Russian one: platforms.md, "other formats for
 * foreigners"): taken when the record names a nationality other than Vietnamese, refused otherwise,
 * where it is more likely a CMND or CCCD typed under the wrong type (a Vietnamese passport is a
 * letter and 7 digits). Refused whatever the nationality, a foreigner's record was refused whole.
 */
export function parseDocument(input: string, declared?: DocumentSystem, nationality?: string): Parsed<IdentityDocument> {
  const value = withoutSeparators(input).toUpperCase();
  const system = declared ?? shapeOf(value);
  if (system === undefined) return reject('is neither a CCCD (12 digits), a CMND (9 digits) nor a passport number');
  switch (system) {
    case 'vn-cccd': {
      if (!CCCD.test(value)) return reject(`is not a CCCD number: a CCCD has 12 digits, this has ${value.length} characters`);
      const facts = decodeCccd(value);
      return facts.ok ? accept({ system, value }) : facts;
    }
    case 'vn-cmnd':
      return CMND.test(value)
        ? accept({ system, value })
        : reject(`is not a CMND number: a CMND has 9 digits, this has ${value.length} characters`);
    case 'passport':
      return FOREIGN_PASSPORT.test(value) &&
        (!/^\d+$/.test(value) || (nationality !== undefined && nationality !== 'VN' && isCountry(nationality)))
        ? accept({ system, value })
        : reject(
            'is not a passport number: letters and digits expected (a Vietnamese one: a letter and 7 digits; digits alone only with a foreign nationality)',
          );
  }
}

/** A document number without the spaces, dots and dashes it is written with (`079 085.001-234`). */
export function withoutSeparators(input: string): string {
  return input.replace(SEPARATORS, '');
}

function shapeOf(value: string): DocumentSystem | undefined {
  if (CCCD.test(value)) return 'vn-cccd';
  if (CMND.test(value)) return 'vn-cmnd';
  if (VN_PASSPORT.test(value) || (FOREIGN_PASSPORT.test(value) && /[A-Z]/.test(value))) return 'passport';
  return undefined;
}

/** A document number with all but its last 3 characters hidden, for messages and displays. */
export function mask(value: string): string {
  return value.length <= 3 ? value : '*'.repeat(value.length - 3) + value.slice(-3);
}
