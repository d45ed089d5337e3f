import { IDENTIFIER_SYSTEMS } from '../../adapters';
import type { CanonicalDeclaration, Identifier } from '../domain/canonical-declaration';

/** A citizen's unified QR as stored: the text handed out, and what it was signed with. */
export interface StoredQr {
  text: string;
  version: number;
  kid: string;
  issuedAt: string;
  /**
   * The day's revocations of this citizen's code whose requests carried an Idempotency-Key (newest
   * last, at most eight): a hash of the caller and key (gateway/domain/retry-ids.ts), the version it
   * made and when, carried to each next version, so that a request's retry after a lost answer finds
   * its own revocation done, whatever came since, instead of revoking again.
   */
  revocations?: { by: string; version: number; at: string }[];
}

/** What the store knows of a citizen: the union of what their records said, never more. */
export interface CitizenProfile {
  citizenId: string;
  createdAt: string;
  identifiers: Identifier[];
  /** Folded names (matching keys), for the phone join rule and the name-mismatch flag. */
  nameKeys: string[];
  birthDates: string[];
  instances: string[];
  /**
   * The platform ids the citizen's named, undisputed records carried under a record scope (a Zalo
   * user under each official account they wrote to), learned as names are: they go with the newest
   * declaration's retention. A scan asks each account, one seen only on forms older than those it reads too.
   */
  scopedIds?: ScopedId[];
  qr?: StoredQr;
}

/** A platform id as one record scope of one instance knows it (a Zalo user id under one official account). */
export interface ScopedId {
  instance: string;
  scope: string;
  id: Identifier;
}

/** One declaration's write: the declaration (already linked or not) and what it adds to its citizen. */
export interface DeclarationWrite {
  declaration: CanonicalDeclaration;
  /**
   * How long from now the declaration, its pointers and what its citizen learned only from it
   * (names, birth dates) are kept (gateway/domain/retention.ts). Relative, so that the gateway's
   * clock says how old a declaration is and the store's own clock (Redis's) how time passes.
   */
  keepForMs: number;
  /** Absent for an unlinked record. */
  citizen?: {
    citizenId: string;
    identifiers: Identifier[];
    /** What the record teaches CitizenProfile.scopedIds, when it has a scope and names its citizen undisputed. */
    scopedIds?: ScopedId[];
    nameKey?: string;
    birthDate?: string;
    instance: string;
    createdAt: string;
    /**
     * The QR a citizen not yet stored gets, in the same atomic step, when the ingest's answer hands
     * it out; without it (a batch's line, a scan) the citizen is stored without one, and its first
     * QR is issued when first asked for (CitizenQr.current).
     */
    firstQr?: StoredQr;
    /**
     * The identity keys and phone later records join this citizen by, claimed for it (each kept by
     * its first holder) before the citizen is written, so that no write is ever found by no key.
     */
    index?: { keys: string[]; phone?: string };
    /**
     * For a citizen not stored yet: the identity key they are created under, claimed before
     * anything else; when another citizen holds it, nothing is written and the holder is told
     * (`heldBy`), so that concurrent first records of one person end in one citizen.
     */
    createdUnder?: string;
    /**
     * For a new citizen: those of its index keys (among `index.keys`) that mean one person, whoever
     * holds them (its documents, its phone with its name and birth date). When another citizen holds
     * one, nothing is written and the holder and the key are told (`indexHeld`): the join read nobody
     * under it, so another first record of the same person, under another strongest key (a CCCD
     * against a phone, name and birth date), was written since, and the record must be joined again
     * (canonical.md: concurrent first declarations of one person end in one citizen). The second
     * attempt sends none: a key held by someone the rules then do not join stays its holder's.
     * Checked in the one script on a single node, before any claim stays; on a cluster the claims
     * are let go in steps (redis-store.ts).
     */
    rejoinIfHeld?: string[];
  };
}

/** A new citizen's write's keys to check (`rejoinIfHeld`): those among its index keys, never its creation key; every store alike. */
export function keysToCheck(citizen: NonNullable<DeclarationWrite['citizen']>): string[] {
  const { rejoinIfHeld = [], createdUnder, index } = citizen;
  return createdUnder === undefined ? [] : rejoinIfHeld.filter((key) => key !== createdUnder && (index?.keys ?? []).includes(key));
}

/** Declarations one scan reads within its window at most, in every store: a script's reply stays bounded. */
export const MAX_SCAN_DECLARATIONS = 500;

/**
 * Which of a citizen's declarations a scan reads: the newest `newest`, and every one declared at or
 * after `since` (epoch ms: the start of the policy's longest window), at most `atMost` of those
 * (never past MAX_SCAN_DECLARATIONS, its default). A red declaration within its window counts
 * however many newer ones came after it.
 */
export interface DeclarationsWanted {
  newest: number;
  since?: number;
  atMost?: number;
}

/** What a scan read of a citizen (GatewayStore.citizenForScan). */
export interface ScanRead {
  profile?: CitizenProfile;
  /** Newest first; absent when not read (no such citizen, or a code that is not their current one). */
  latest?: CanonicalDeclaration[];
  /** True when more were declared since `since` than `atMost`: the oldest of them were not read. */
  more?: true;
}

export interface DeclarationWriteResult {
  /** False when this source record was already stored: the stored declaration is returned as it was. */
  created: boolean;
  declaration: CanonicalDeclaration;
  /** The linked citizen's QR as stored once the write ended. */
  qr?: StoredQr;
  /** The citizen holding `createdUnder` when it was not this write's: nothing was written. */
  heldBy?: string;
  /** Another citizen holding one of a new citizen's `rejoinIfHeld` keys, and the key: nothing was written. */
  indexHeld?: { citizenId: string; key: string };
}

export type IdempotencyState =
  { state: 'claimed' } | { state: 'in-flight' } | { state: 'mismatch' } | { state: 'completed'; response: StoredResponse };

export interface StoredResponse {
  status: number;
  body: string;
}

/**
 * The gateway's store. Two implementations keep the same contract (test/store/store-contract.ts):
 * Redis (production, single node or cluster) and in memory (the sandbox's default).
 *
 * Identity keys are opaque strings made by the identity module (`vn-cccd:079...`); a store never
 * parses them, and the Redis store hashes them before they become key names.
 */
/**
 * A request's own claim on an Idempotency-Key: the key (the caller's), the request's fingerprint
 * (what a replay must match), and the request's own random name, so that only it renews, answers
 * or lets go of its claim.
 */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  claimant: string;
}

export interface GatewayStore {
  /** The citizen an identity key belongs to. */
  ownerOf(identityKey: string): Promise<string | undefined>;
  /** Gives the key to `citizenId` unless someone holds it; answers who holds it now. Atomic. */
  claim(identityKey: string, citizenId: string): Promise<string>;
  /** The citizens whose records carried this phone (E.164). */
  phoneHolders(phone: string): Promise<string[]>;
  addPhoneHolder(phone: string, citizenId: string): Promise<void>;

  /** The citizen's identity, QR and the platforms that know them; names and birth dates only while a declaration holds them. */
  getCitizen(citizenId: string): Promise<CitizenProfile | undefined>;
  /**
   * Stores a declaration and, atomically with it, what it adds to its citizen (and a new citizen's
   * first QR). A declaration id already stored is not written again: the first write wins and is
   * returned. An index key may name a citizen whose first write never happened (a crash between
   * them): that citizen is created by the next write naming it, so the person keeps one id.
   */
  writeDeclaration(write: DeclarationWrite): Promise<DeclarationWriteResult>;
  getDeclaration(declarationId: string): Promise<CanonicalDeclaration | undefined>;
  /**
   * The stored record a platform's QR names by its record id: the declaration stored under that id
   * alone, or, for a living record stored by version (Bluezone's device), its newest version.
   * What a scan or a check-in falls back on when the platform is not asked or cannot answer. A
   * scoped record (a Zalo submission, within its account) by its scope too (storedRecordOf reads
   * one stored before ids carried the scope).
   */
  storedRecord(instance: string, recordId: string, scope?: string): Promise<CanonicalDeclaration | undefined>;
  /** A stored declaration with its citizen's QR as it is now (none for an unlinked one), read together: what a replay is answered with. */
  getDeclarationWithQr(declarationId: string): Promise<{ declaration: CanonicalDeclaration; qr?: StoredQr } | undefined>;
  /** The citizen's newest declarations, newest first. */
  latestDeclarations(citizenId: string, limit: number): Promise<CanonicalDeclaration[]>;
  /**
   * What a unified QR scan reads of a citizen, in one step: the profile and the declarations
   * `wanted` (a number: the newest that many). Given the version of the code scanned, the
   * declarations are read only when it is the citizen's current QR's: a revoked or forged code is
   * answered without them.
   */
  citizenForScan(citizenId: string, wanted: number | DeclarationsWanted, qrVersion?: number): Promise<ScanRead>;

  /** Stores the citizen's first QR unless one exists; answers the stored one. */
  ensureQr(citizenId: string, candidate: StoredQr): Promise<StoredQr>;
  /** Replaces the QR only if its version is still `expectedVersion` (revocation, re-keying). */
  replaceQr(citizenId: string, expectedVersion: number, next: StoredQr): Promise<StoredQr | undefined>;

  /** Claims an idempotency key for its request, for `ttlSeconds`, or tells what the key already holds (another request's claim or answer). */
  claimIdempotencyKey(claim: IdempotencyClaim, ttlSeconds: number): Promise<IdempotencyState>;
  /**
   * Keeps a request's answer under its key for `ttlSeconds`, only while the key still holds this
   * request's claim: false when the claim is gone (lapsed and taken by another request, whose answer
   * then stands alone).
   */
  completeIdempotencyKey(claim: IdempotencyClaim, response: StoredResponse, ttlSeconds: number): Promise<boolean>;
  /**
   * Frees a key only while it holds this request's claim, so that a retry runs the request again: a
   * request that failed, or whose claim the store did not confirm in time (sent after it, so that
   * the claim, if it lands after all, is let go at once rather than holding every retry off as in
   * flight, a 409, until it expires). Never another request's claim or answer.
   */
  abandonIdempotencyClaim(claim: IdempotencyClaim): Promise<void>;
  /**
   * Gives this request's claim `ttlSeconds` more, while the key still holds it: a batch that runs
   * longer than the claim's life keeps its key (else another request under it ran the batch again,
   * every line `replayed`). False when the claim is gone (expired and taken, or answered).
   */
  renewIdempotencyClaim(claim: IdempotencyClaim, ttlSeconds: number): Promise<boolean>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A profile with its sets in one order (identifiers strongest first, as the registry ranks them; the rest sorted), whatever the store. */
export function inCanonicalOrder(profile: CitizenProfile): CitizenProfile {
  return {
    ...profile,
    identifiers: [...profile.identifiers].sort(
      (a, b) => IDENTIFIER_SYSTEMS.rank(a.system) - IDENTIFIER_SYSTEMS.rank(b.system) || a.value.localeCompare(b.value),
    ),
    nameKeys: [...profile.nameKeys].sort(),
    birthDates: [...profile.birthDates].sort(),
    instances: [...profile.instances].sort(),
    ...(profile.scopedIds && { scopedIds: [...profile.scopedIds].sort((a, b) => scopedKey(a).localeCompare(scopedKey(b))) }),
  };
}

/** A scoped id as one string, for order and sameness. */
export function scopedKey({ instance, scope, id }: ScopedId): string {
  return `${instance}\n${scope}\n${id.system}\n${id.value}`;
}
