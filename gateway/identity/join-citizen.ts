import { randomFillSync } from 'node:crypto';
import type { CanonicalDeclaration, QualityFlag, Subject } from '../domain/canonical-declaration';
import type { CitizenProfile, GatewayStore } from '../store/gateway-store';
import {
  birthDatesCompatible,
  documentKeys,
  identifiesAPerson,
  nameKeyOf,
  phoneNameBirthKey,
  phoneOf,
  platformKeys,
} from './identity-keys';

/** How a record found its citizen, strongest first; a closed set (it is a metric label too). */
export type JoinRule = 'document' | 'platform-id' | 'phone-name-birth' | 'phone-only' | 'new-citizen' | 'unlinked';

export interface JoinOutcome {
  citizenId?: string;
  rule: JoinRule;
  /** Quality flags the join adds: `unlinked`, `name-mismatch`, `birthdate-mismatch`. */
  flags: QualityFlag[];
  /** The citizen as known before this record (for the mismatch flags); absent for a new one. */
  known?: CitizenProfile;
  /**
   * For a new citizen: the key they are created under, not claimed yet. The store's write claims it
   * before anything else and tells who holds it if another record of the person won (joinHolder).
   */
  creationKey?: string;
}

/**
 * What a join finds by reading alone (findCitizen): read before the join, it can share a round trip
 * with other reads. `known`: the citizen's profile when finding them read it already.
 */
export type FoundCitizen = { citizenId: string; rule: JoinRule; known?: CitizenProfile } | undefined;

/** Random bytes for 64 citizen ids, drawn from the CSPRNG at once: one call into it every 64 new people, not one each. */
const idBytes = Buffer.alloc(64 * 16);
let idBytesUsed = idBytes.length;

/** An opaque random citizen id (16 bytes no other id shares): never derived from a document number or a phone. */
export function newCitizenId(): string {
  if (idBytesUsed === idBytes.length) {
    randomFillSync(idBytes);
    idBytesUsed = 0;
  }
  idBytesUsed += 16;
  return `cit_${idBytes.toString('base64url', idBytesUsed - 16, idBytesUsed)}`;
}

/**
 * Finds the citizen a record belongs to by the rules of canonical.md, or makes one, or leaves the
 * record unlinked. Creation goes through an atomic claim of the record's strongest key (its
 * `creationKey`, claimed by the store's write, in the same script as the citizen on one Redis
 * node), so that concurrent first records of one person, on any number of processes, end in one citizen.
 */
export async function joinCitizen(
  declaration: CanonicalDeclaration,
  store: GatewayStore,
  makeId: () => string = newCitizenId,
  alreadyFound?: Promise<FoundCitizen>,
): Promise<JoinOutcome> {
  const { subject } = declaration;
  // A community report is about someone else: it must never be linked to anybody.
  if (declaration.kind === 'community-report') return { rule: 'unlinked', flags: ['unlinked'] };

  const found = await (alreadyFound ?? findCitizen(subject, store));
  if (found) return withMismatchFlags(subject, found.citizenId, found.rule, found.known ?? (await store.getCitizen(found.citizenId)));

  const creationKey = creationKeyOf(subject);
  if (!creationKey) return { rule: 'unlinked', flags: ['unlinked'] };
  return { citizenId: makeId(), rule: 'new-citizen', flags: [], creationKey };
}

/** The join when another record of the same person (on this process or another) claimed the creation key first: theirs. */
export async function joinHolder(subject: Subject, holder: string, store: GatewayStore): Promise<JoinOutcome> {
  return withMismatchFlags(subject, holder, 'document', await store.getCitizen(holder));
}

/**
 * The citizen a subject joins by the rules, strongest first, without creating one or claiming any
 * key: what a lookup (a venue check-in) may do with a person's identifiers.
 */
export async function findCitizen(subject: Subject, store: GatewayStore): Promise<FoundCitizen> {
  // Every key and the phone's holders are read at once (one round trip, pipelined), the holders
  // even when a key's owner makes them moot; the strongest owner found wins.
  const phone = phoneOf(subject);
  const cccds = cccdsOf(subject);
  const [documentOwner, platformOwner, holders] = await Promise.all([
    firstOwner(store, documentKeys(subject), 'document'),
    firstOwner(store, platformKeys(subject), 'platform-id'),
    phone ? store.phoneHolders(phone) : [],
  ]);
  // A document (the same 12-digit or 9-digit number, the same passport) is the same citizen, as
  // canonical.md says: the strongest owner found is theirs.
  if (documentOwner) return documentOwner;
  // A platform's id joins a record with a CCCD nobody holds only to a citizen who holds no other CCCD.
  if (platformOwner && cccds.length > 0) {
    const known = await store.getCitizen(platformOwner.citizenId);
    if (!holdsAnotherCccd(known, cccds)) return { ...platformOwner, known };
  } else if (platformOwner) return platformOwner;
  return byPhone(store, subject, holders);
}

/** The record's 12-digit numbers (CCCD). */
function cccdsOf(subject: Subject): string[] {
  return subject.identifiers?.filter((id) => id.system === 'vn-cccd').map((id) => id.value) ?? [];
}

/**
 * Whether a known citizen holds a CCCD and none of the record's: then a record joined to them only
 * by a platform's id is someone else's. A 12-digit number is a person's for life, and one app
 * account declares for a whole family ("khai hộ": a relative's record on the account of the one
 * who holds the phone), so without this the family became one citizen. Not applied to the phone
 * rule: its same folded name and birth date already say one person, where a CCCD typed by hand
 * differs more often than two such people share a phone (and refusing the join there stops no one:
 * a record with no document at all joins by the same rule). Nor to a document key: canonical.md
 * makes the same 9-digit number or passport the same citizen. Best effort: read before the write,
 * so two records with different new CCCDs written at once may both join a citizen who held none.
 */
function holdsAnotherCccd(known: CitizenProfile | undefined, cccds: readonly string[]): boolean {
  if (cccds.length === 0) return false;
  const held = known?.identifiers.filter((id) => id.system === 'vn-cccd') ?? [];
  return held.length > 0 && !held.some((id) => cccds.includes(id.value));
}

/**
 * The record's CCCDs its citizen does not learn: those of a record joined (by its phone, or a 9-digit
 * number or passport) to a citizen who holds another CCCD. A 12-digit number is one person's for life:
 * learned, it would index that person's later records and check-ins to this citizen, and the
 * platforms would be asked by it at every scan. The declaration keeps it as it was declared.
 */
export function foreignCccds(subject: Subject, known: CitizenProfile | undefined): ReadonlySet<string> {
  const cccds = cccdsOf(subject);
  return new Set(holdsAnotherCccd(known, cccds) ? cccds : []);
}

/**
 * Every key a linked record is indexed by, and its phone: what later records can join it by.
 * `onePerson`: those of them that mean one person whoever holds them (its documents, its phone with
 * its name and birth date); a platform's id does not (one account declares for a whole family).
 */
export function indexKeysOf(subject: Subject): { keys: string[]; onePerson: string[]; phone?: string; nameKey?: string } {
  const documents = documentKeys(subject);
  const phone = phoneOf(subject);
  const nameKey = nameKeyOf(subject);
  const onePerson =
    phone && nameKey && subject.birthDate ? [...documents, phoneNameBirthKey(phone, nameKey, subject.birthDate)] : documents;
  // The folded name too: the write stores it, and folding it again would cost as much as here.
  return { keys: [...documents, ...platformKeys(subject), ...onePerson.slice(documents.length)], onePerson, phone, nameKey };
}

/**
 * The join when a new citizen's write found one of its keys that mean one person (a document, its
 * phone with its name and birth date) held by another citizen, where the join read nobody: another
 * first record of the same person, under another strongest key, was written meanwhile. Theirs while
 * their citizen is not written yet (on a cluster its claims come a round trip before it) and still
 * holds the key: that record is this person's, being written. Undefined when it let the key go
 * since: it met a key of this record's and let its claims go too (on a cluster, two first records
 * each holding a key the other checks), and joined to it, each joined the other's citizen, never
 * written: two citizens. Both then start over (the caller). Once written, a document is theirs with
 * the join's flags (rule 1), and a phone, name and birth date are joined by the rules again, as if
 * this record came second: a namesake on the family phone whose other birth date disagrees stays apart.
 */
export async function joinAfterHeldKey(
  declaration: CanonicalDeclaration,
  held: { citizenId: string; key: string },
  store: GatewayStore,
): Promise<JoinOutcome | undefined> {
  const { subject } = declaration;
  const byDocument = documentKeys(subject).includes(held.key);
  const known = await store.getCitizen(held.citizenId);
  if (known) return byDocument ? withMismatchFlags(subject, held.citizenId, 'document', known) : joinCitizen(declaration, store);
  if ((await store.ownerOf(held.key)) !== held.citizenId) return undefined;
  return { citizenId: held.citizenId, rule: byDocument ? 'document' : 'phone-name-birth', flags: [] };
}

async function firstOwner(store: GatewayStore, keys: string[], rule: JoinRule): Promise<{ citizenId: string; rule: JoinRule } | undefined> {
  const owners = await Promise.all(keys.map((key) => store.ownerOf(key)));
  const citizenId = owners.find((owner) => owner !== undefined);
  return citizenId ? { citizenId, rule } : undefined;
}

/**
 * A phone joins only with the same folded name and a compatible birth date: a family shares one
 * phone, and a mother and her son must not become one citizen. A record with no name and less than
 * a person (Bluezone: a device and a phone) joins only where exactly one known citizen holds the
 * number. One with a document of its own identifies a person by itself (canonical.md): it is never
 * joined by the phone alone, and makes a citizen under its document. Joined, a son's form naming
 * him under a label the mapping does not read, with his own CMND and the family phone, made him
 * his father: the father's citizen learned the son's CMND, and the son's risk turned the father red.
 */
async function byPhone(store: GatewayStore, subject: Subject, holders: string[]): Promise<FoundCitizen> {
  if (holders.length === 0) return undefined;
  const nameKey = nameKeyOf(subject);
  if (nameKey === undefined) {
    const lessThanAPerson = subject.birthDate === undefined && documentKeys(subject).length === 0;
    return holders.length === 1 && lessThanAPerson ? { citizenId: holders[0] as string, rule: 'phone-only' } : undefined;
  }
  if (subject.birthDate === undefined) return undefined;
  const profiles = await Promise.all(holders.map((id) => store.getCitizen(id)));
  const matches = profiles.filter((p): p is CitizenProfile => p !== undefined && fitsByName(p, nameKey, subject.birthDate));
  const match = matches.length === 1 ? (matches[0] as CitizenProfile) : undefined;
  return match && { citizenId: match.citizenId, rule: 'phone-name-birth', known: match };
}

/**
 * The phone rule's test of a citizen who holds the phone: one of their names, and a birth date
 * (when given) compatible with every one their records gave: a year alone fits a namesake born that
 * year on another day. Shared by the join and by a scan weighing a platform's live answer.
 */
export function fitsByName(citizen: CitizenProfile, nameKey: string, birthDate: string | undefined): boolean {
  if (!citizen.nameKeys.includes(nameKey)) return false;
  return birthDate === undefined || citizen.birthDates.every((known) => birthDatesCompatible(known, birthDate));
}

/** The strongest key a new citizen is created under, or none when the record cannot identify a person. */
function creationKeyOf(subject: Subject): string | undefined {
  if (!identifiesAPerson(subject)) return undefined;
  const document = documentKeys(subject)[0];
  if (document) return document;
  const phone = phoneOf(subject);
  const nameKey = nameKeyOf(subject) as string;
  // A name and a birth date without a phone or a document can never be joined again: every such
  // record is its own citizen, under a key no other record can claim.
  return phone ? phoneNameBirthKey(phone, nameKey, subject.birthDate as string) : `solo:${newCitizenId()}`;
}

function withMismatchFlags(subject: Subject, citizenId: string, rule: JoinRule, known: CitizenProfile | undefined): JoinOutcome {
  return { citizenId, rule, flags: known ? mismatchFlags(subject, known) : [], known };
}

/** The flags the join sets: they say what the gateway knew when it stored a record, not what was sent. */
export const JOIN_FLAGS: ReadonlySet<QualityFlag> = new Set(['unlinked', 'name-mismatch', 'birthdate-mismatch']);

/** How a record's subject disagrees with what the citizen's other records say: its name, its birth date. */
export function mismatchFlags(subject: Subject, known: CitizenProfile): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const nameKey = nameKeyOf(subject);
  if (nameKey !== undefined && known.nameKeys.length > 0 && !known.nameKeys.includes(nameKey)) flags.push('name-mismatch');
  const birth = subject.birthDate;
  if (birth !== undefined && known.birthDates.length > 0 && !known.birthDates.some((b) => birthDatesCompatible(b, birth)))
    flags.push('birthdate-mismatch');
  return flags;
}
