import { accept, reject, type Parsed } from './parsed';
import { lookup } from './lookup';
import { foldText } from './text';

/**
 * Nationalities as the platforms write them (Vietnamese names, folded) to ISO 3166-1 alpha-2.
 * The list holds Vietnam and the countries most travellers came from in 2021; a two-letter code
 * is accepted as it is.
 */
const BY_NAME: Readonly<Record<string, string>> = {
  'viet nam': 'VN',
  vietnam: 'VN',
  vn: 'VN',
  'trung quoc': 'CN',
  china: 'CN',
  'han quoc': 'KR',
  korea: 'KR',
  'nhat ban': 'JP',
  japan: 'JP',
  'dai loan': 'TW',
  lao: 'LA',
  campuchia: 'KH',
  'cam pu chia': 'KH',
  'thai lan': 'TH',
  singapore: 'SG',
  malaysia: 'MY',
  philippines: 'PH',
  indonesia: 'ID',
  'an do': 'IN',
  'hoa ky': 'US',
  my: 'US',
  usa: 'US',
  canada: 'CA',
  uc: 'AU',
  australia: 'AU',
  anh: 'GB',
  phap: 'FR',
  duc: 'DE',
  nga: 'RU',
  'ha lan': 'NL',
  y: 'IT',
};

export function nationalityCode(input: string): Parsed<string> {
  const trimmed = input.trim();
  if (/^[A-Z]{2}$/.test(trimmed))
    return isCountry(trimmed) ? accept(trimmed) : reject('is not an ISO 3166-1 alpha-2 country code (for example "VN")');
  const code = lookup(BY_NAME, foldText(trimmed));
  return code ? accept(code) : reject('is not a nationality the gateway knows: send the ISO 3166-1 alpha-2 code (for example "VN")');
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Codes ISO 3166-1 reserves but assigns to no country: exceptional reservations, and the EU's and UN's. */
const RESERVED = new Set(['AC', 'CP', 'DG', 'EA', 'EU', 'EZ', 'IC', 'TA', 'UN']);
/**
 * ISO 3166-1's user-assigned codes (AA, QM-QZ, XA-XZ, ZZ): anyone's to use, never a country's; but
 * XK, Kosovo's in common use (the EU's, passports read by machines), though ISO has not assigned it:
 * refused, a Kosovar's declaration was refused whole (a review).
 */
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ)$/;

/**
 * Whether two capitals are an ISO 3166-1 alpha-2 country code, by the region names node's ICU ships
 * (no list of our own to keep): a code ICU knows, in its current spelling (not UK for GB, SU, YU or
 * DD: a passport under `UK` would never join the same one under `GB`), neither reserved nor
 * user-assigned (ICU names XA "Pseudo-Accents" and ZZ "Unknown Region"), but Kosovo's XK.
 */
export function isCountry(code: string): boolean {
  if (RESERVED.has(code) || USER_ASSIGNED.test(code)) return false;
  return Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}` && REGIONS.of(code) !== undefined;
}
