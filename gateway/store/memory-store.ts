import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../domain/deep-freeze';
import { declarationIdFor } from '../domain/declaration-id';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { StoreFull } from './store-errors';
import {
  inCanonicalOrder,
  type CitizenProfile,
  type DeclarationWrite,
  type DeclarationWriteResult,
  type GatewayStore,
  type IdempotencyClaim,
  type IdempotencyState,
  type DeclarationsWanted,
  MAX_SCAN_DECLARATIONS,
  keysToCheck,
  type ScanRead,
  scopedKey,
  type StoredQr,
  type StoredResponse,
} from './gateway-store';

interface MemoryCitizen {
  profile: CitizenProfile;
  /** Declaration ids with their time, kept sorted newest first. */
  timeline: { id: string; at: number }[];
  /** When names and birth dates, learned only from declarations, go: with the newest declaration. */
  learnedUntil: number;
}

interface MemoryDeclaration {
  declaration: CanonicalDeclaration;
  keptUntil: number;
}

/** How often, at most, expired declarations are swept out; until then every read skips them. */
const SWEEP_EVERY_MS = 10_000;

interface IdempotencyEntry {
  fingerprint: string;
  /** Who holds it in flight (none once answered). */
  claimant?: string;
  response?: StoredResponse;
  expiresAt: number;
}

export interface MemoryStoreLimits {
  maxDeclarations: number;
  maxIdempotencyKeys: number;
}

/**
 * The embedded store of `npm start`: one process, nothing on disk. Every operation completes
 * synchronously inside one call, so each is atomic as the contract asks. Bounded: past
 * `maxDeclarations` writes fail with StoreFull (a 503), and idempotency keys beyond their cap
 * are forgotten oldest first. Retention as in Redis: a declaration is gone once kept for its
 * `keepForMs` by this store's clock, what was learned only from declarations with the newest.
 */
export class MemoryStore implements GatewayStore {
  private readonly identity = new Map<string, string>();
  private readonly phones = new Map<string, Set<string>>();
  private readonly citizens = new Map<string, MemoryCitizen>();
  private readonly declarations = new Map<string, MemoryDeclaration>();
  /** A living record's newest version (Bluezone's device), by the id its record has without a version: at most one a stored declaration. */
  private readonly newestVersions = new Map<string, { declaredAt: number; declarationId: string }>();
  /** Oldest claimed or completed first out past the cap (lru-cache: see HeldAnswers for why not a Map). */
  private readonly idempotency: LRUCache<string, IdempotencyEntry>;
  private nextSweepAt = Infinity;

  constructor(
    private readonly limits: MemoryStoreLimits = { maxDeclarations: 500_000, maxIdempotencyKeys: 100_000 },
    private readonly now: () => number = Date.now,
  ) {
    // Counted by maxSize rather than max: lru-cache allocates max's arrays at once (12 ms for 100,000),
    // and every test's gateway without Redis makes a memory store.
    this.idempotency = new LRUCache<string, IdempotencyEntry>({ maxSize: limits.maxIdempotencyKeys, sizeCalculation: () => 1 });
  }

  async ownerOf(identityKey: string): Promise<string | undefined> {
    return this.identity.get(identityKey);
  }

  async claim(identityKey: string, citizenId: string): Promise<string> {
    return this.claimNow(identityKey, citizenId);
  }

  /** The key's holder, claimed for `citizenId` when it had none: in the caller's turn. */
  private claimNow(identityKey: string, citizenId: string): string {
    const owner = this.identity.get(identityKey);
    if (owner !== undefined) return owner;
    this.identity.set(identityKey, citizenId);
    return citizenId;
  }

  /** The first of these identity keys another citizen holds, and its holder. */
  private heldByAnother(keys: readonly string[], citizenId: string): { citizenId: string; key: string } | undefined {
    for (const key of keys) {
      const owner = this.identity.get(key);
      if (owner !== undefined && owner !== citizenId) return { citizenId: owner, key };
    }
    return undefined;
  }

  async phoneHolders(phone: string): Promise<string[]> {
    return [...(this.phones.get(phone) ?? [])];
  }

  async addPhoneHolder(phone: string, citizenId: string): Promise<void> {
    const holders = this.phones.get(phone) ?? new Set<string>();
    holders.add(citizenId);
    this.phones.set(phone, holders);
  }

  async getCitizen(citizenId: string): Promise<CitizenProfile | undefined> {
    this.forgetExpired();
    const citizen = this.citizens.get(citizenId);
    return citizen && inCanonicalOrder(structuredClone(this.current(citizen).profile));
  }

  async writeDeclaration({ declaration, citizen, keepForMs }: DeclarationWrite): Promise<DeclarationWriteResult> {
    this.forgetExpired();
    // As on Redis: a new citizen's key first, then the index, whether or not the declaration turns out stored already.
    // The new citizen's key, the keys to check and the index claimed in one turn: no other write
    // comes between them, as in the one script on Redis (the same order: a held creation key first).
    if (citizen?.createdUnder) {
      const holder = this.claimNow(citizen.createdUnder, citizen.citizenId);
      if (holder !== citizen.citizenId) return { created: false, declaration: frozenCopy(declaration), heldBy: holder };
      const indexHeld = this.heldByAnother(keysToCheck(citizen), citizen.citizenId);
      if (indexHeld !== undefined) {
        // The creation key let go, unseen by anyone (this turn): nothing of the write stays.
        this.identity.delete(citizen.createdUnder);
        return { created: false, declaration: frozenCopy(declaration), indexHeld };
      }
    }
    for (const key of citizen?.index?.keys ?? []) this.claimNow(key, citizen!.citizenId);
    if (citizen?.index?.phone) await this.addPhoneHolder(citizen.index.phone, citizen.citizenId);
    const existing = this.live(this.declarations.get(declaration.declarationId));
    if (existing) return { created: false, declaration: existing, ...this.qrOf(existing.subject.citizenId) };
    if (this.declarations.size >= this.limits.maxDeclarations) throw new StoreFull('the in-memory store is full');
    const keptUntil = this.now() + keepForMs;
    const stored = frozenCopy(declaration);
    this.declarations.set(declaration.declarationId, { declaration: stored, keptUntil });
    this.nextSweepAt = Math.min(this.nextSweepAt, keptUntil);
    this.keepNewestVersion(stored);
    if (citizen) {
      const entry = this.current(
        this.citizens.get(citizen.citizenId) ?? {
          profile: {
            citizenId: citizen.citizenId,
            createdAt: citizen.createdAt,
            identifiers: [],
            nameKeys: [],
            birthDates: [],
            instances: [],
          },
          timeline: [],
          learnedUntil: keptUntil,
        },
      );
      const { profile } = entry;
      for (const id of citizen.identifiers) {
        if (!profile.identifiers.some((known) => known.system === id.system && known.value === id.value))
          profile.identifiers.push({ ...id });
      }
      addUnique(profile.nameKeys, citizen.nameKey);
      addUnique(profile.birthDates, citizen.birthDate);
      for (const scoped of citizen.scopedIds ?? []) {
        const held = (profile.scopedIds ??= []);
        if (!held.some((known) => scopedKey(known) === scopedKey(scoped))) held.push({ ...scoped, id: { ...scoped.id } });
      }
      addUnique(profile.instances, citizen.instance);
      if (citizen.firstQr) profile.qr ??= { ...citizen.firstQr };
      entry.learnedUntil = Math.max(entry.learnedUntil, keptUntil);
      entry.timeline.push({ id: declaration.declarationId, at: Date.parse(declaration.declaredAt) });
      entry.timeline.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      this.citizens.set(citizen.citizenId, entry);
    }
    return { created: true, declaration: stored, ...this.qrOf(citizen?.citizenId) };
  }

  async getDeclaration(declarationId: string): Promise<CanonicalDeclaration | undefined> {
    this.forgetExpired();
    const declaration = this.live(this.declarations.get(declarationId));
    return declaration;
  }

  async storedRecord(instance: string, recordId: string, scope?: string): Promise<CanonicalDeclaration | undefined> {
    const id = declarationIdFor(instance, recordId, '', scope);
    const newest = this.newestVersions.get(id);
    return (await this.getDeclaration(id)) ?? (newest && this.getDeclaration(newest.declarationId));
  }

  async getDeclarationWithQr(declarationId: string): Promise<{ declaration: CanonicalDeclaration; qr?: StoredQr } | undefined> {
    const declaration = await this.getDeclaration(declarationId);
    return declaration && { declaration, ...this.qrOf(declaration.subject.citizenId) };
  }

  async latestDeclarations(citizenId: string, limit: number): Promise<CanonicalDeclaration[]> {
    this.forgetExpired();
    const timeline = this.citizens.get(citizenId)?.timeline ?? [];
    const live = timeline.map(({ id }) => this.live(this.declarations.get(id))).filter((d) => d !== undefined);
    return live.slice(0, limit);
  }

  async citizenForScan(citizenId: string, wanted: number | DeclarationsWanted, qrVersion?: number): Promise<ScanRead> {
    const profile = await this.getCitizen(citizenId);
    if (!profile || (qrVersion !== undefined && profile.qr && profile.qr.version !== qrVersion)) return { profile };
    const { newest, since, atMost: asked = MAX_SCAN_DECLARATIONS } = typeof wanted === 'number' ? { newest: wanted } : wanted;
    const atMost = Math.min(asked, MAX_SCAN_DECLARATIONS);
    // As the Redis script reads: the newest, or, when they all lie within the window, every one within it up to atMost.
    const all = await this.latestDeclarations(citizenId, Infinity);
    const within = since === undefined ? [] : all.filter((d) => Date.parse(d.declaredAt) >= since);
    if (within.length <= newest) return { profile, latest: all.slice(0, newest) };
    return within.length > atMost ? { profile, latest: within.slice(0, atMost), more: true } : { profile, latest: within };
  }

  async ensureQr(citizenId: string, candidate: StoredQr): Promise<StoredQr> {
    const citizen = this.citizens.get(citizenId);
    if (!citizen) return candidate;
    citizen.profile.qr ??= { ...candidate };
    return { ...citizen.profile.qr };
  }

  async replaceQr(citizenId: string, expectedVersion: number, next: StoredQr): Promise<StoredQr | undefined> {
    const citizen = this.citizens.get(citizenId);
    if (!citizen?.profile.qr || citizen.profile.qr.version !== expectedVersion) return undefined;
    citizen.profile.qr = { ...next };
    return { ...next };
  }

  async claimIdempotencyKey({ key, fingerprint, claimant }: IdempotencyClaim, ttlSeconds: number): Promise<IdempotencyState> {
    const entry = this.idempotency.peek(key);
    if (entry && entry.expiresAt > this.now()) {
      if (entry.fingerprint !== fingerprint) return { state: 'mismatch' };
      return entry.response ? { state: 'completed', response: entry.response } : { state: 'in-flight' };
    }
    this.idempotency.set(key, { fingerprint, claimant, expiresAt: this.now() + ttlSeconds * 1000 });
    return { state: 'claimed' };
  }

  async abandonIdempotencyClaim(claim: IdempotencyClaim): Promise<void> {
    if (this.ownClaim(claim)) this.idempotency.delete(claim.key);
  }

  async renewIdempotencyClaim(claim: IdempotencyClaim, ttlSeconds: number): Promise<boolean> {
    // Read as used (not peeked): a long batch's claim is not the first the bound lets go.
    const entry = this.ownClaim(claim, true);
    if (entry) entry.expiresAt = this.now() + ttlSeconds * 1000;
    return entry !== undefined;
  }

  async completeIdempotencyKey(claim: IdempotencyClaim, response: StoredResponse, ttlSeconds: number): Promise<boolean> {
    const held = this.ownClaim(claim) !== undefined;
    if (held) this.idempotency.set(claim.key, { fingerprint: claim.fingerprint, response, expiresAt: this.now() + ttlSeconds * 1000 });
    return held;
  }

  /** This request's claim on its key: in flight, for its fingerprint, not expired; else undefined. */
  private ownClaim({ key, fingerprint, claimant }: IdempotencyClaim, asUsed = false): IdempotencyEntry | undefined {
    const entry = asUsed ? this.idempotency.get(key) : this.idempotency.peek(key);
    const own =
      entry?.response === undefined && entry?.fingerprint === fingerprint && entry.claimant === claimant && entry.expiresAt > this.now();
    return own ? entry : undefined;
  }

  async ping(): Promise<void> {}

  /** The newest of a living record's stored versions, as the Redis store's versions order them: declared later, or as late under a larger id. */
  private keepNewestVersion({ source, declarationId, declaredAt }: CanonicalDeclaration): void {
    if (source.recordVersion === undefined) return;
    const key = declarationIdFor(source.instance, source.recordId, '', source.recordScope);
    const held = this.newestVersions.get(key);
    const at = Date.parse(declaredAt);
    if (!held || held.declaredAt < at || (held.declaredAt === at && held.declarationId < declarationId))
      this.newestVersions.set(key, { declaredAt: at, declarationId });
  }

  /** The declaration if its retention has not ended; reads skip an expired one the sweep has not reached. */
  private live(stored: MemoryDeclaration | undefined): CanonicalDeclaration | undefined {
    return stored && stored.keptUntil > this.now() ? stored.declaration : undefined;
  }

  /** The citizen without what it learned only from declarations once the newest of them has gone. */
  private current(citizen: MemoryCitizen): MemoryCitizen {
    if (citizen.learnedUntil <= this.now()) {
      citizen.profile.nameKeys = [];
      citizen.profile.birthDates = [];
      delete citizen.profile.scopedIds;
    }
    return citizen;
  }

  private qrOf(citizenId: string | undefined): { qr?: StoredQr } {
    const qr = citizenId === undefined ? undefined : this.citizens.get(citizenId)?.profile.qr;
    return qr ? { qr: { ...qr } } : {};
  }

  /**
   * Drops every expired declaration and its timeline entry, at most once every SWEEP_EVERY_MS and
   * only when one has expired: a sweep walks the whole store, so it must not run on every call.
   */
  private forgetExpired(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    let earliest = Infinity;
    for (const [id, stored] of this.declarations) {
      if (stored.keptUntil <= now) this.declarations.delete(id);
      else earliest = Math.min(earliest, stored.keptUntil);
    }
    for (const [key, newest] of this.newestVersions) if (!this.declarations.has(newest.declarationId)) this.newestVersions.delete(key);
    for (const citizen of this.citizens.values()) {
      citizen.timeline = citizen.timeline.filter(({ id }) => this.declarations.has(id));
      this.current(citizen);
    }
    this.nextSweepAt = earliest === Infinity ? Infinity : Math.max(earliest, now + SWEEP_EVERY_MS);
  }

  async close(): Promise<void> {}
}

/**
 * A declaration as this store keeps and hands it out: copied once, as it is written, and frozen to
 * its leaves, so no caller shares anything it could change (a change throws). A read used to copy
 * it again (structuredClone), on every read and write (issue 12).
 */
function frozenCopy(declaration: CanonicalDeclaration): CanonicalDeclaration {
  return deepFreeze(structuredClone(declaration));
}

function addUnique<T>(list: T[], value: T | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}
