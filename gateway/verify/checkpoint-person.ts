import type { CanonicalDeclaration, Subject } from '../domain/canonical-declaration';
import { disputedJoin } from '../identity/disputed-join';

/** What a checkpoint needs to match the person in front of it, and nothing more. */
export interface CheckpointPerson {
  fullName?: string;
  birthDate?: string;
  sex?: Subject['sex'];
}

const NOT_ASCII = /[^\x00-\x7f]/;
/** A record whose own CCCD disagrees with its declared sex or birth year: a typo in it, most often. */
const SELF_DOUBTED: ReadonlySet<string> = new Set(['id-sex-mismatch', 'id-birthyear-mismatch']);

/**
 * The records that agree with the citizen's documents and earlier records: those without a doubt
 * at all, else those whose only doubt is within themselves (a birth year or sex the record's own
 * CCCD disagrees with: a typo, the person's own record). Anyone may send a record with someone's
 * CCCD, another name and their own phone (a disputed join): such a record never decides who an
 * officer is shown, nor which phone a tracer calls, even when no other record is in view. A scan
 * and a tracer read the newest records only: when none agreed, all were taken, and twenty disputed
 * records newer than the person's own put the sender's made-up name before the officer and the
 * tracer (a hostile review, 2026-12-01). With none left, no person is shown: the officer checks the card.
 */
export function undisputed(declarations: readonly CanonicalDeclaration[]): readonly CanonicalDeclaration[] {
  const notDisputed = declarations.filter((d) => !disputedJoin(d));
  const clean = notDisputed.filter((d) => !d.quality.flags.some((flag) => SELF_DOUBTED.has(flag)));
  return clean.length > 0 ? clean : notDisputed;
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
