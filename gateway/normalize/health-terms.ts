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
  // The second half of "mất vị giác và khứu giác", split at its "và".
  'khuu giac': 'loss-of-taste-smell',
  'loss of taste smell': 'loss-of-taste-smell',
};

/**
 * Answers that mean "none" in a free-text symptoms field, folded, as citizens write them (with the
 * polite "ạ", texting's "ko"): any other answer that reads as no symptom is unread, and yellow.
 */
const NONE_WORDS = new Set([
  'khong',
  'khong a',
  'ko',
  'k',
  'khong co',
  'khong co a',
  'ko co',
  'khong co gi',
  'khong bi gi',
  'khong co trieu chung',
  'khong co trieu chung gi',
  'chua co trieu chung',
  'binh thuong',
  'binh thuong a',
  'suc khoe binh thuong',
  'khoe',
  'khoe manh',
  'none',
  'no',
  'no symptoms',
  'nothing',
]);

/** Yes and no in Vietnamese, with and without diacritics, as whole answers. */
const YES_WORDS = new Set(['co', 'co a', 'da co', 'yes', 'dung', 'x', 'co tiep xuc']);
const NO_WORDS = new Set([
  'khong',
  'khong a',
  'da khong',
  'da khong a',
  'khong co',
  'khong co a',
  'ko',
  'chua',
  'chua tiep xuc',
  'khong tiep xuc',
  'no',
  'none',
]);

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
 * Reads a free-text list of symptoms ("Sốt, ho", "sot,ho", "khó thở và đau họng", "không") into
 * codes, each part by its whole (composed first, so that a decomposed "và" still separates),
 * keeping the parts it does not know: the mapping flags them (health-answer-unread), and a
 * checkpoint checks the person. Reading single words inside a part was tried and left: "họ",
 * "hô hấp" and "Hồ Chí Minh" fold to the word for a cough, "sốt ruột" (anxious) to a fever, and a
 * negation's reach ("không sốt. Ho nhẹ", "không ho nhưng sốt") needs a grammar: a part read wrong
 * is a false green or a false red, a part left unread only a yellow.
 */
export function readSymptoms(text: string): ReadTerms<Symptom> {
  const codes = new Set<Symptom>();
  const unknown: string[] = [];
  for (const part of text.normalize('NFC').split(/[,;/\n+]|\s+va\s+|\s+và\s+/i)) {
    const word = part.trim();
    if (word === '' || NONE_WORDS.has(foldText(word))) continue;
    const code = symptomOf(word);
    if (code) codes.add(code);
    else unknown.push(word);
  }
  return { codes: [...codes], unknown };
}

/**
 * Reads a yes or a no (the whole answer, folded: "Có", "Không", "Dạ không", "Có tiếp xúc",
 * "Chưa", "Ko"); anything else is undefined: unread, which the mapping flags, never a no and never
 * a yes. Reading the words an answer begins with was tried and left: "Dạ không" (a polite no) folds
 * to "da khong", as "Đã" (already) does, and "Không tiếp xúc F0" names an F0.
 */
export function readYesNo(text: string): boolean | undefined {
  const folded = foldText(text);
  if (YES_WORDS.has(folded)) return true;
  if (NO_WORDS.has(folded)) return false;
  return undefined;
}
