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
 * The positions of each identifier (of the systems `counted` takes) after its system's first that
 * differs from that first: a second value of one system (the same value twice is only repeated).
 */
function secondValues(identifiers: readonly Identifier[], counted: (system: string) => boolean): number[] {
  const first = new Map<string, string>();
  return identifiers.flatMap((id, i) => {
    if (!counted(id.system)) return [];
    const seen = first.get(id.system);
    if (seen === undefined) first.set(id.system, id.value);
    return seen !== undefined && seen !== id.value ? [i] : [];
  });
}

/**
 * A person has one 12-digit number for life (the join relies on it: join-citizen.ts): a subject with
 * two different ones is two people in one record, and would join the first one's citizen and give
 * them the second; a check-in naming ten would ask ten questions at once. The positions of each CCCD
 * after the first that differs from it.
 */
export function secondCccds(identifiers: readonly Identifier[]): number[] {
  return secondValues(identifiers, (system) => system === 'vn-cccd');
}

/** The reason a second CCCD is refused with, at its position. */
export const SECOND_CCCD = { code: 'invalid-value', message: 'is a second 12-digit number (CCCD): a person has one' } as const;

/**
 * A check-in names the one person at the door: one value of each identifier system is all it takes
 * (a CCCD, a phone, a CMND, a passport, a device). Ten CMNDs, passports or platform ids in one event
 * asked the join ten questions at once, and `linked` answered whether any one of them was known.
 * Each second value's position, with its reason (a CCCD's its own).
 */
export function secondsOfTheirSystems(identifiers: readonly Identifier[]): { position: number; code: string; message: string }[] {
  return secondValues(identifiers, () => true).map((position) => ({
    position,
    ...(identifiers[position]?.system === 'vn-cccd' ? SECOND_CCCD : SECOND_OF_ITS_SYSTEM),
  }));
}

/** The reason a check-in's second identifier of one system is refused with, at its position. */
const SECOND_OF_ITS_SYSTEM = {
  code: 'invalid-value',
  message: 'is a second identifier of its system: a check-in names one person by one of each',
} as const;
