import type { Identifier, QualityFlag, Subject } from './canonical-declaration';
import { decodeCccd } from '../normalize/documents';

/**
 * The flags a record earns when its own 12-digit number disagrees with what it declares: the
 * record is kept (the people refused at checkpoints needed help, not a lost record), and flagged.
 */
export function selfConsistencyFlags(subject: Subject): QualityFlag[] {
  const cccd = subject.identifiers?.find((id) => id.system === 'vn-cccd');
  if (!cccd) return [];
  const facts = decodeCccd(cccd.value);
  if (!facts.ok) return [];
  const flags: QualityFlag[] = [];
  if ((subject.sex === 'male' || subject.sex === 'female') && subject.sex !== facts.value.sex) flags.push('id-sex-mismatch');
  if (subject.birthDate !== undefined && Number(subject.birthDate.slice(0, 4)) !== facts.value.birthYear) {
    flags.push('id-birthyear-mismatch');
  }
  return flags;
}

/**
 * A person has one 12-digit number for life (the join relies on it: join-citizen.ts): a subject with
 * two different ones is two people in one record, and would join the first one's citizen and give
 * them the second; a check-in naming ten would ask ten questions at once. The positions of each CCCD
 * after the first that differs from it (the same number twice is only repeated).
 */
export function secondCccds(identifiers: readonly Identifier[]): number[] {
  const first = identifiers.find((id) => id.system === 'vn-cccd')?.value;
  return identifiers.flatMap((id, i) => (id.system === 'vn-cccd' && id.value !== first ? [i] : []));
}

/** The reason a second CCCD is refused with, at its position. */
export const SECOND_CCCD = { code: 'invalid-value', message: 'is a second 12-digit number (CCCD): a person has one' } as const;

/**
 * A check-in names the one person at the door: one value of each identifier system is all it takes
 * (a phone, a CMND, a passport, a device). Ten CMNDs, passports or platform ids in one event asked
 * the join ten questions at once, and `linked` answered whether any one of them was known. The
 * positions of each identifier after its system's first that differs from it (a CCCD's second is
 * secondCccds', with its own reason).
 */
export function secondOfItsSystem(identifiers: readonly Identifier[]): number[] {
  const first = new Map<string, string>();
  return identifiers.flatMap((id, i) => {
    if (id.system === 'vn-cccd') return [];
    const seen = first.get(id.system);
    if (seen === undefined) first.set(id.system, id.value);
    return seen !== undefined && seen !== id.value ? [i] : [];
  });
}

/** The reason a check-in's second identifier of one system is refused with, at its position. */
export const SECOND_OF_ITS_SYSTEM = {
  code: 'invalid-value',
  message: 'is a second identifier of its system: a check-in names one person by one of each',
} as const;
