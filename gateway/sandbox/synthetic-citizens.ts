import type { Platform } from '../domain/canonical-declaration';
import { PLATFORMS } from '../../adapters';
import { SIMULATORS, type SyntheticCitizen } from '../../adapters/simulators';
import { foldName } from '../normalize/names';

export type { SyntheticCitizen };

/** A platform synthetic citizens may declare on, and the share of them who did. */
export interface PlatformShare {
  platform: Platform;
  share: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thành', 'Công'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Mỹ', 'Kim', 'Bích'],
};
const GIVEN = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Đức',
    'Hải',
    'Hùng',
    'Khánh',
    'Long',
    'Minh',
    'Nam',
    'Phúc',
    'Quân',
    'Sơn',
    'Thắng',
    'Tùng',
    'Việt',
  ],
  female: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'Ngân',
    'Nhung',
    'Phương',
    'Thảo',
    'Trang',
    'Tuyết',
    'Yến',
  ],
};
/** Where people live, weighted towards the cities whose platforms the sandbox runs. */
const PROVINCES = ['79', '79', '79', '01', '01', '01', '74', '74', '31', '31', '49', '35', '30', '48', '75', '27', '92', '38'];

/** mulberry32: a tiny seeded generator, plenty for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every platform of the registry, with the share its simulator gives. */
function platformShares(): PlatformShare[] {
  return PLATFORMS.map(({ platform }) => ({ platform, share: SIMULATORS[platform].share }));
}

/**
 * A few hundred synthetic citizens for the sandbox's simulated platforms: Vietnamese names with
 * diacritics, real province codes, CCCD numbers consistent with sex, century and birth year,
 * unique phones, each on some of the registry's platforms. Deterministic (a seeded generator), so
 * every start and every test sees the same people.
 */
export function syntheticCitizens(count = 300, seed = 2021, shares: readonly PlatformShare[] = platformShares()): SyntheticCitizen[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, (_, serial) => {
    const sex = next() < 0.5 ? 'male' : 'female';
    const year = 1950 + Math.floor(next() * 55);
    const birthDate = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const provinceCode = pick(PROVINCES);
    const centuryDigit = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    const fullName = `${pick(FAMILY)} ${pick(MIDDLE[sex])} ${pick(GIVEN[sex])}`;
    const roll = next();
    const riskLevel = roll < 0.04 ? 'F0' : roll < 0.1 ? 'F1' : roll < 0.18 ? 'F2' : 'NONE';
    const symptoms = next() < 0.12 ? (['fever', 'cough'] as const).filter(() => next() < 0.7) : [];
    const platforms = shares.filter(({ share }) => next() < share).map(({ platform }) => platform);
    return {
      serial,
      fullName,
      asciiName: foldName(fullName).toUpperCase(),
      sex,
      birthDate,
      provinceCode,
      cccd: `0${provinceCode}${centuryDigit}${String(year % 100).padStart(2, '0')}${String(100000 + serial).slice(-6)}`,
      phone: `+849${String(10000000 + serial * 7919).slice(-8)}`,
      bluezoneId: `BZ${(serial * 104729 + 1000000).toString(36).toUpperCase().padStart(8, '0')}`,
      zaloUserId: `84${String(1000000000000000 + serial * 7777).padStart(17, '0')}`,
      riskLevel,
      symptoms: [...symptoms],
      // Everyone declared somewhere: on the registry's first platform when the draw gave none.
      platforms: platforms.length > 0 ? platforms : [(shares[0] as PlatformShare).platform],
    };
  });
}
