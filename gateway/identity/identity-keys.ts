import { DOCUMENT_SYSTEMS, IDENTIFIER_SYSTEMS } from '../../adapters';
import type { Subject } from '../domain/canonical-declaration';
import { foldName } from '../normalize/names';

/**
 * The keys a record can be joined by, strongest first, as canonical.md orders them. Keys are
 * opaque strings to the store.
 */

const VN_PASSPORT = /^[A-Z]\d{7}$/;

/** Document keys: the same 12-digit number, the same 9-digit number, the same passport and nationality. */
export function documentKeys(subject: Subject): string[] {
  const keys: string[] = [];
  for (const system of DOCUMENT_SYSTEMS) {
    for (const { value } of subject.identifiers?.filter((id) => id.system === system) ?? []) {
      if (system !== 'passport') keys.push(`${system}:${value}`);
      else {
        // A passport joins only with its nationality. A record without one (a domestic app) holding a
        // Vietnamese-shaped number (letter + 7 digits) is taken as Vietnamese; otherwise it cannot join.
        const nationality = subject.nationality ?? (VN_PASSPORT.test(value) ? 'VN' : undefined);
        if (nationality) keys.push(`passport:${nationality}:${value}`);
      }
    }
  }
  return keys;
}

/** A platform's own id for the person or device (the registry's platform identifiers, strongest first): joins the citizen of the record that carried it. */
export function platformKeys(subject: Subject): string[] {
  return IDENTIFIER_SYSTEMS.platformIds(subject.identifiers ?? []).map((id) => `${id.system}:${id.value}`);
}

export function phoneOf(subject: Subject): string | undefined {
  return subject.identifiers?.find((id) => id.system === 'phone')?.value;
}

/** The folded name, or none for a name that folds to nothing (punctuation alone): it names nobody, and must join nobody. */
export function nameKeyOf(subject: Subject): string | undefined {
  const folded = subject.fullName === undefined ? '' : foldName(subject.fullName);
  return folded === '' ? undefined : folded;
}

/**
 * The key under which a person without a document is created when they give a phone, a name and a
 * birth date: two such records at once must make one citizen, not two. The birth date as given, a
 * full date or a year: a key of the year alone made a namesake on the family phone, born the same
 * year on another day, join the first one's citizen (the holder of the key) where the phone rule
 * had refused them. Two first records of one person, one with the year alone and one with the
 * date, sent at the same moment, may then make two citizens: a split a later record does not mend,
 * where the year's key merged two people.
 */
export function phoneNameBirthKey(phone: string, nameKey: string, birthDate: string): string {
  return `pnb:${phone}|${nameKey}|${birthDate}`;
}

/** Two birth dates agree when equal, or when one is a year only and the years are equal. */
export function birthDatesCompatible(a: string, b: string): boolean {
  return a.length === 4 || b.length === 4 ? a.slice(0, 4) === b.slice(0, 4) : a === b;
}

/** A record that identifies a person by itself may create a citizen: a document, or a name with a birth date. */
export function identifiesAPerson(subject: Subject): boolean {
  // A name that folds to nothing (punctuation alone) names nobody: with a birth date it made a creation key of no name.
  return documentKeys(subject).length > 0 || (nameKeyOf(subject) !== undefined && subject.birthDate !== undefined);
}
