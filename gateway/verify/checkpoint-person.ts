import type { CanonicalDeclaration, Subject } from '../domain/canonical-declaration';

/** What a checkpoint needs to match the person in front of it, and nothing more. */
export interface CheckpointPerson {
  fullName?: string;
  birthDate?: string;
  sex?: Subject['sex'];
}

const NOT_ASCII = /[^\x00-\x7f]/;
const DISPUTED: ReadonlySet<string> = new Set(['name-mismatch', 'birthdate-mismatch', 'id-sex-mismatch', 'id-birthyear-mismatch']);

/**
 * The records that agree with the citizen's documents and earlier records, or all of them when none
 * does. Anyone may send a record with someone's CCCD, another name and their own phone: such a record
 * never decides who an officer is shown, nor which phone a tracer calls.
 */
export function undisputed(declarations: readonly CanonicalDeclaration[]): readonly CanonicalDeclaration[] {
  const consistent = declarations.filter((d) => !d.quality.flags.some((flag) => DISPUTED.has(flag)));
  return consistent.length > 0 ? consistent : declarations;
}

/**
 * The person as the newest declarations name them: full name, birth date and sex, each from the
 * newest declaration that has it (Bluezone's records have none). The address, travel, plates,
 * identifiers and unmapped data stay in the gateway.
 */
export function personShown(declarations: readonly CanonicalDeclaration[]): CheckpointPerson | undefined {
  // Each date parsed once, not at every comparison (a scan's twenty declarations: some eighty parses).
  const newestFirst = undisputed(declarations)
    .map((d) => ({ d, at: Date.parse(d.declaredAt) }))
    .sort((a, b) => b.at - a.at)
    .map(({ d }) => d);
  const first = <K extends keyof CheckpointPerson>(field: K) => newestFirst.find((d) => d.subject[field] !== undefined)?.subject[field];
  // Some apps keep names upper-case without diacritics (NGUYEN VAN AN): the newest name written
  // with its diacritics is the one an officer compares with an identity card.
  const fullName = newestFirst.find((d) => NOT_ASCII.test(d.subject.fullName ?? ''))?.subject.fullName ?? first('fullName');
  const person: CheckpointPerson = { fullName, birthDate: first('birthDate'), sex: first('sex') };
  const shown = Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined));
  return Object.keys(shown).length > 0 ? shown : undefined;
}
