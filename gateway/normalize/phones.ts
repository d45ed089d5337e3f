import { lookup } from './lookup';
import { accept, reject, type Parsed } from './parsed';

/**
 * In 2018 Vietnam moved every 11-digit mobile number to 10 digits by replacing its 4-digit
 * prefix (0166 2345678 became 036 2345678). Records from before then still carry the old
 * prefixes; mapping them keeps one citizen's phone one value across platforms.
 */
const RENUMBERED_2018: Readonly<Record<string, string>> = {
  // Viettel
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  // MobiFone
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  // VinaPhone
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  // Vietnamobile and Gmobile
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

const SEPARATORS = /[\s.\-()]/g;
const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;

/**
 * Reads a Vietnamese phone number in any of the platforms' spellings (`0912 345 678`,
 * `+84912345678`, `84912345678`, `0905.123.456`, old 11-digit mobiles) as E.164 (`+84912345678`).
 */
export function toE164(input: string): Parsed<string> {
  const compact = input.replace(SEPARATORS, '');
  let national: string;
  if (compact.startsWith('+84')) national = `0${compact.slice(3)}`;
  else if (compact.startsWith('84') && compact.length >= 11) national = `0${compact.slice(2)}`;
  else national = compact;
  if (!/^\d+$/.test(national)) return reject('is not a phone number: only digits, spaces, dots, dashes and a leading + are allowed');
  if (national.length === 11 && national.startsWith('01')) {
    const renumbered = lookup(RENUMBERED_2018, national.slice(0, 4));
    if (renumbered === undefined) return reject('has an 11-digit mobile prefix that the 2018 renumbering does not know');
    national = renumbered + national.slice(4);
  }
  if (!MOBILE.test(national) && !LANDLINE.test(national)) {
    return reject('is not a Vietnamese number: expected 10 digits starting 03, 05, 07, 08 or 09 (or +84 and 9 digits)');
  }
  return accept(`+84${national.slice(1)}`);
}
