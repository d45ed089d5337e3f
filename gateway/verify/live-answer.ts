import type { CanonicalDeclaration, Subject } from '../domain/canonical-declaration';
import { nameKeyOf, phoneOf } from '../identity/identity-keys';
import { fitsByName, JOIN_FLAGS, mismatchFlags } from '../identity/join-citizen';
import type { CitizenProfile } from '../store/gateway-store';

/**
 * A platform's live answer, weighed as the gateway weighs its stored records of the citizen; none
 * when the record is not the citizen's. A platform answers with its record as mapped, never joined:
 * without this, whatever it found by what it was asked (a phone a family shares) would count as the
 * citizen's, with none of the flags the join sets.
 * - The record stored under the same id keeps its join's flags: one sent with this citizen's CCCD
 *   and another name stays `name-mismatch` (yellow, and never the name an officer is shown).
 * - One the gateway has not stored counts only when it would join the citizen by canonical.md's
 *   rules: one of their documents or platform ids, or their phone with one of their names and a
 *   compatible birth date. A mother's code asked by her phone is not answered by her son's record.
 *   It then carries the flags the join would give it.
 * The platform's content is used as it came: it is the newer.
 */
export function weighedLiveAnswer(
  live: CanonicalDeclaration,
  stored: CanonicalDeclaration | undefined,
  citizen: CitizenProfile | undefined,
): CanonicalDeclaration | undefined {
  if (!stored && citizen && !joinsCitizen(live.subject, citizen)) return undefined;
  const joined = stored ? stored.quality.flags.filter((flag) => JOIN_FLAGS.has(flag)) : citizen ? mismatchFlags(live.subject, citizen) : [];
  const added = joined.filter((flag) => !live.quality.flags.includes(flag));
  if (added.length === 0) return live;
  return { ...live, quality: { ...live.quality, flags: [...live.quality.flags, ...added] } };
}

/**
 * Whether a record would join this citizen: one of their documents or platform ids, else their
 * phone with a name of theirs and a birth date compatible with every one of theirs (the phone rule,
 * join-citizen.ts). A citizen whose names the gateway no longer holds (retention took them with
 * their declarations; the phone and ids stay) is joined by the phone alone: the gateway's own
 * ingest joins such a record through the creation key it keeps, and without this a red record the
 * platform answered would leave the scan `unknown`.
 */
function joinsCitizen(subject: Subject, citizen: CitizenProfile): boolean {
  const held = new Set(citizen.identifiers.map(({ system, value }) => `${system}:${value}`));
  if ((subject.identifiers ?? []).some(({ system, value }) => system !== 'phone' && held.has(`${system}:${value}`))) return true;
  const phone = phoneOf(subject);
  if (phone === undefined || !held.has(`phone:${phone}`)) return false;
  if (citizen.nameKeys.length === 0) return true;
  const nameKey = nameKeyOf(subject);
  return nameKey !== undefined && fitsByName(citizen, nameKey, subject.birthDate);
}
