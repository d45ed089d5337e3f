import type { Symptom } from '../domain/canonical-declaration';
import { lookup } from './lookup';
import { foldText } from './text';

/**
 * Symptom words as citizens and platforms write them, folded (so "Sốt", "SỐT", "sot" and the
 * SmartCity code `sot` all match). Vietnamese names first, then the platforms' codes.
 */
const SYMPTOM_WORDS: Readonly<Record<string, Symptom>> = {
  sot: 'fever',
  'bi sot': 'fever',
  'sot cao': 'fever',
  fever: 'fever',
  ho: 'cough',
  'ho khan': 'cough',
  'ho co dom': 'cough',
  cough: 'cough',
  'kho tho': 'shortness-of-breath',
  'shortness of breath': 'shortness-of-breath',
  'dau hong': 'sore-throat',
  'viem hong': 'sore-throat',
  'sore throat': 'sore-throat',
  'buon non': 'nausea',
  non: 'nausea',
  'non oi': 'nausea',
  nausea: 'nausea',
  'tieu chay': 'diarrhoea',
  diarrhea: 'diarrhoea',
  diarrhoea: 'diarrhoea',
  'xuat huyet ngoai da': 'skin-bleeding',
  'xuat huyet': 'skin-bleeding',
  'skin bleeding': 'skin-bleeding',
  'noi ban ngoai da': 'skin-rash',
  'noi ban': 'skin-rash',
  'phat ban': 'skin-rash',
  'skin rash': 'skin-rash',
  'mat vi giac': 'loss-of-taste-smell',
  'mat khuu giac': 'loss-of-taste-smell',
  'mat vi giac khuu giac': 'loss-of-taste-smell',
  'mat vi giac va khuu giac': 'loss-of-taste-smell',
  'loss of taste smell': 'loss-of-taste-smell',
};

/** Answers that mean "none" in a free-text symptoms field. */
const NONE_WORDS = new Set(['khong', 'khong co', 'khong co trieu chung', 'binh thuong', 'none', 'no']);

/** Yes and no in Vietnamese, with and without diacritics. */
const YES_WORDS = new Set(['co', 'yes', 'dung', 'x']);
const NO_WORDS = new Set(['khong', 'khong co', 'no', 'none']);

/** The symptom a single word or code stands for, if any. */
export function symptomOf(word: string): Symptom | undefined {
  return lookup(SYMPTOM_WORDS, foldText(word));
}

export interface ReadTerms<T> {
  codes: T[];
  /** The words that match nothing: kept by the mapping as unmapped, never an error. */
  unknown: string[];
}

/**
 * Reads a free-text list of symptoms ("Sốt, ho", "sot,ho", "khó thở và đau họng", "không")
 * into codes, keeping the words it does not know.
 */
export function readSymptoms(text: string): ReadTerms<Symptom> {
  const codes = new Set<Symptom>();
  const unknown: string[] = [];
  for (const part of text.split(/[,;/\n+]|\s+va\s+|\s+và\s+/i)) {
    const word = part.trim();
    if (word === '' || NONE_WORDS.has(foldText(word))) continue;
    const code = symptomOf(word);
    if (code) codes.add(code);
    else unknown.push(word);
  }
  return { codes: [...codes], unknown };
}

/** Reads "Có"/"Không" (any case, with or without diacritics); undefined when it is neither. */
export function readYesNo(text: string): boolean | undefined {
  const folded = foldText(text);
  if (YES_WORDS.has(folded)) return true;
  if (NO_WORDS.has(folded)) return false;
  return undefined;
}
