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
 * Reads a free-text list of symptoms ("Sốt, ho", "sot,ho", "khó thở và đau họng", "không", "Sốt 38
 * độ", "có ho", "sốt ho") into codes, keeping the parts it cannot read. A part is read by the known
 * symptom phrases it holds as whole words, so a symptom written with more words ("sốt nhẹ", "bị
 * ho", "ho nhiều") is still one: read only as a whole, those were "no symptoms", and green. A part
 * that negates ("không sốt") is none only when what it negates is a known symptom; anything else
 * unread is kept as unknown, which the mapping flags (a checkpoint then checks the person).
 */
export function readSymptoms(text: string): ReadTerms<Symptom> {
  const codes = new Set<Symptom>();
  const unknown: string[] = [];
  // Composed first: a decomposed "và" is not the separator " và ".
  for (const part of text.normalize('NFC').split(/[,;/\n+&]|\s+-\s+|\s+va\s+|\s+và\s+/i)) {
    const word = part.trim();
    if (word === '' || NONE_WORDS.has(foldText(word))) continue;
    const tokens = foldText(word)
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    const negated = NEGATIONS.has(tokens[0] as string);
    const found = symptomsIn(negated ? tokens.slice(1) : tokens);
    if (negated && found.length > 0) continue;
    for (const code of found) codes.add(code);
    if (found.length === 0 || negated) unknown.push(word);
  }
  return { codes: [...codes], unknown };
}

/** Words that negate what follows ("không sốt", "chưa ho"). */
const NEGATIONS = new Set(['khong', 'chua', 'no', 'not']);
/** The longest symptom phrase, in words ("mat vi giac va khuu giac"). */
const LONGEST_PHRASE = Math.max(...Object.keys(SYMPTOM_WORDS).map((phrase) => phrase.split(' ').length));

/** The symptoms whose phrases the folded words hold, longest phrase first at each word. */
function symptomsIn(tokens: readonly string[]): Symptom[] {
  const found: Symptom[] = [];
  for (let i = 0; i < tokens.length;) {
    let length = Math.min(LONGEST_PHRASE, tokens.length - i);
    for (; length > 0; length -= 1) {
      const code = lookup(SYMPTOM_WORDS, tokens.slice(i, i + length).join(' '));
      if (code) {
        found.push(code);
        break;
      }
    }
    i += Math.max(length, 1);
  }
  return found;
}

/**
 * Reads a yes or a no ("Có", "Không", with or without diacritics); an answer that begins with one
 * ("Có tiếp xúc", "có ạ", "Không có") or names an F0 or F1 contact ("Có, F1", "F0 cùng xóm") is that
 * answer; "không rõ" (not sure) and anything else is undefined: unread, never a no.
 */
export function readYesNo(text: string): boolean | undefined {
  const folded = foldText(text);
  if (YES_WORDS.has(folded)) return true;
  if (NO_WORDS.has(folded)) return false;
  const tokens = folded.split(/[^a-z0-9]+/).filter(Boolean);
  if (tokens.some((token) => token === 'f0' || token === 'f1')) return true;
  // "có thể" is "maybe": unread (a checkpoint checks the person), not a yes.
  if (tokens[0] === 'co' && tokens[1] === 'the') return undefined;
  if (tokens[0] === 'co' || tokens[0] === 'da' || tokens[0] === 'yes') return true;
  if (tokens[0] === 'khong' && !UNSURE.has(tokens[1] as string)) return false;
  return undefined;
}

/** "không rõ", "không biết", "không nhớ": not a no. */
const UNSURE = new Set(['ro', 'biet', 'nho', 'chac']);
