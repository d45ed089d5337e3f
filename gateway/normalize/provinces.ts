import reference from '../reference/vn-provinces-2021.json';
import { BoundedMemo } from './bounded-memo';
import { accept, reject, type Parsed } from './parsed';
import { foldText } from './text';

export interface Province {
  code: string;
  name: string;
}

export const PROVINCES: readonly Province[] = reference.provinces.map(({ code, name }) => ({ code, name }));
const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/** Prefixes that platforms put before a province's name ("TP. Hồ Chí Minh", "Tỉnh Bình Dương"), folded. */
const PREFIXES = ['thanh pho', 'tp', 'tinh'];

/** Short names and old names seen on the platforms, folded, with the code they stand for. */
const ALIASES: Readonly<Record<string, string>> = {
  hcm: '79',
  tphcm: '79',
  'tp hcm': '79',
  'sai gon': '79',
  'ho chi minh city': '79',
  hcmc: '79',
  hn: '01',
  'ha noi city': '01',
  hp: '31',
  ct: '92',
  brvt: '77',
  'vung tau': '77',
  hue: '46',
  'dac lac': '66',
  'dac nong': '67',
  'bac can': '06',
};

/**
 * Short names that stand for more than one province: "ĐN" is Đà Nẵng, Đồng Nai and Đắk Nông alike.
 * Read as one of them, a traveller from Đồng Nai was placed in Đà Nẵng: refused, naming the choices.
 */
const AMBIGUOUS: ReadonlyMap<string, readonly string[]> = new Map([['dn', ['48', '75', '67']]]);

/** Every folded spelling of every province, built once: name, name with each prefix, aliases. */
const BY_FOLDED_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const { code, name } of PROVINCES) {
    const folded = foldText(name);
    map.set(folded, code);
    for (const prefix of PREFIXES) map.set(`${prefix} ${folded}`, code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(alias, code);
  return map;
})();

/**
 * Answers for the spellings partners send, remembered (a few hundred spellings of 63 provinces
 * recur in every batch; folding each again was most of a province's cost). Frozen: one answer is
 * handed to every caller that asks for the same text.
 */
const byText = new BoundedMemo<Parsed<string>>(1024);

/**
 * The two-digit code of a province given as a code (`"79"`, `"079"`), a number (`79`, `1` for
 * `01`), or a name with or without a prefix or diacritics (`"TP. Hồ Chí Minh"`, `"Tinh Binh Duong"`,
 * `"HCM"`, `"TP.HCM"`).
 */
export function provinceCode(input: string | number): Parsed<string> {
  return typeof input === 'number' ? byNumber(input) : byText.get(input, provinceOfText);
}

function provinceOfText(input: string): Parsed<string> {
  return Object.freeze(provinceOfTextOnce(input));
}

function provinceOfTextOnce(input: string): Parsed<string> {
  const trimmed = input.trim();
  if (/^\d{1,3}$/.test(trimmed)) return byNumber(Number(trimmed));
  const folded = foldText(trimmed);
  // A Map: a folded "constructor" is no key of it (an object's was, and threw).
  const choices = AMBIGUOUS.get(folded);
  if (choices)
    return reject(
      `is the short name of several provinces (${choices.map((c) => BY_CODE.get(c)?.name).join(', ')}): give its name or its two-digit code`,
    );
  const code = BY_FOLDED_NAME.get(folded) ?? BY_FOLDED_NAME.get(folded.replace(/ /g, ''));
  // The message never repeats the input: a free-text address holds a street, and sometimes a name and a phone.
  return code ? accept(code) : reject('matches no province: give its two-digit code or its name, as in "TP. Hồ Chí Minh" or "79"');
}

function byNumber(value: number): Parsed<string> {
  const code = String(value).padStart(2, '0');
  return Number.isInteger(value) && BY_CODE.has(code) ? accept(code) : reject('is not one of the 63 province codes');
}

/** The province whose code this is, or undefined. */
export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}
