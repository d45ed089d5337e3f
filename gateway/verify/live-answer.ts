import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { JOIN_FLAGS, mismatchFlags } from '../identity/join-citizen';
import type { CitizenProfile } from '../store/gateway-store';

/**
 * A platform's live answer, weighed as the gateway weighs its stored records of the citizen. A
 * platform answers with its record as mapped, never joined: without this, its answer would count
 * as the citizen's with none of the flags the join sets. The record the gateway stored under the
 * same id keeps its join's flags (a record sent with this citizen's CCCD and another name stays
 * `name-mismatch`: yellow, and never the name an officer is shown); a record the gateway has not
 * stored (a platform asked by a phone a family shares) is held to the citizen's names and birth
 * dates as the join would hold it. The platform's content is used as it came: it is the newer.
 */
export function weighedAsStored(
  live: CanonicalDeclaration,
  stored: CanonicalDeclaration | undefined,
  citizen: CitizenProfile | undefined,
): CanonicalDeclaration {
  const joined = stored ? stored.quality.flags.filter((flag) => JOIN_FLAGS.has(flag)) : citizen ? mismatchFlags(live.subject, citizen) : [];
  const added = joined.filter((flag) => !live.quality.flags.includes(flag));
  if (added.length === 0) return live;
  return { ...live, quality: { ...live.quality, flags: [...live.quality.flags, ...added] } };
}
