import type { QualityFlag, Subject } from './canonical-declaration';
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
