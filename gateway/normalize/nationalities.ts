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
  if (/^[A-Z]{2}$/.test(trimmed)) return accept(trimmed);
  const code = lookup(BY_NAME, foldText(trimmed));
  return code ? accept(code) : reject('is not a nationality the gateway knows: send the ISO 3166-1 alpha-2 code (for example "VN")');
}
