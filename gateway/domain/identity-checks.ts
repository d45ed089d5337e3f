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
