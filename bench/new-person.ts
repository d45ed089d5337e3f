import { goldenNative } from '../test/support/mapping';

let serial = 0;

/**
 * A tokhaiyte record of a person the gateway has never seen, as JSON: a fresh declaration code,
 * and a CCCD and phone of their own. Born 1930-1949 (a CCCD consistent with that year), so no
 * sandbox synthetic citizen (born 1950-2004) ever shares the number; a million people a year.
 */
export function newPersonRecord(): string {
  const year = 1930 + Math.floor(serial / 1_000_000);
  const n = String(serial % 1_000_000).padStart(6, '0');
  serial += 1;
  return JSON.stringify({
    ...goldenNative('tokhaiyte', '01'),
    ma_to_khai: `TK2108${String(serial).padStart(10, '0')}`,
    nam_sinh: year,
    so_giay_to: `0790${String(year % 100).padStart(2, '0')}${n}`,
    dien_thoai: `093${String(serial).padStart(7, '0')}`,
  });
}
