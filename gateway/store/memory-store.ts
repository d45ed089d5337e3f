import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { StoreFull } from './store-errors';
import {
  inCanonicalOrder,
  type CitizenProfile,
  type DeclarationWrite,
  type DeclarationWriteResult,
  type GatewayStore,
  type IdempotencyState,
  type StoredQr,
  type StoredResponse,
} from './gateway-store';

interface MemoryCitizen {
  profile: CitizenProfile;
  /** Declaration ids with their time, kept sorted newest first. */
  timeline: { id: string; at: number }[];
}

interface IdempotencyEntry {
  fingerprint: string;
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
 * are forgotten oldest first.
 */
export class MemoryStore implements GatewayStore {
  private readonly identity = new Map<string, string>();
  private readonly phones = new Map<string, Set<string>>();
  private readonly citizens = new Map<string, MemoryCitizen>();
  private readonly declarations = new Map<string, CanonicalDeclaration>();
  private readonly idempotency = new Map<string, IdempotencyEntry>();

  constructor(
    private readonly limits: MemoryStoreLimits = { maxDeclarations: 500_000, maxIdempotencyKeys: 100_000 },
    private readonly now: () => number = Date.now,
  ) {}

  async ownerOf(identityKey: string): Promise<string | undefined> {
    return this.identity.get(identityKey);
  }

  async claim(identityKey: string, citizenId: string): Promise<string> {
    const owner = this.identity.get(identityKey);
    if (owner !== undefined) return owner;
    this.identity.set(identityKey, citizenId);
    return citizenId;
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
    const citizen = this.citizens.get(citizenId);
    return citizen && inCanonicalOrder(structuredClone(citizen.profile));
  }

  async writeDeclaration({ declaration, citizen }: DeclarationWrite): Promise<DeclarationWriteResult> {
    const existing = this.declarations.get(declaration.declarationId);
    if (existing) return { created: false, declaration: structuredClone(existing) };
    if (this.declarations.size >= this.limits.maxDeclarations) throw new StoreFull('the in-memory store is full');
    this.declarations.set(declaration.declarationId, structuredClone(declaration));
    if (citizen) {
      const entry = this.citizens.get(citizen.citizenId) ?? {
        profile: {
          citizenId: citizen.citizenId,
          createdAt: citizen.createdAt,
          identifiers: [],
          nameKeys: [],
          birthDates: [],
          instances: [],
        },
        timeline: [],
      };
      const { profile } = entry;
      for (const id of citizen.identifiers) {
        if (!profile.identifiers.some((known) => known.system === id.system && known.value === id.value))
          profile.identifiers.push({ ...id });
      }
      addUnique(profile.nameKeys, citizen.nameKey);
      addUnique(profile.birthDates, citizen.birthDate);
      addUnique(profile.instances, citizen.instance);
      entry.timeline.push({ id: declaration.declarationId, at: Date.parse(declaration.declaredAt) });
      entry.timeline.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      this.citizens.set(citizen.citizenId, entry);
    }
    return { created: true, declaration: structuredClone(declaration) };
  }

  async getDeclaration(declarationId: string): Promise<CanonicalDeclaration | undefined> {
    const declaration = this.declarations.get(declarationId);
    return declaration && structuredClone(declaration);
  }

  async latestDeclarations(citizenId: string, limit: number): Promise<CanonicalDeclaration[]> {
    const timeline = this.citizens.get(citizenId)?.timeline ?? [];
    return timeline.slice(0, limit).map(({ id }) => structuredClone(this.declarations.get(id)!));
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

  async claimIdempotencyKey(key: string, fingerprint: string, ttlSeconds: number): Promise<IdempotencyState> {
    const entry = this.idempotency.get(key);
    if (entry && entry.expiresAt > this.now()) {
      if (entry.fingerprint !== fingerprint) return { state: 'mismatch' };
      return entry.response ? { state: 'completed', response: entry.response } : { state: 'in-flight' };
    }
    if (this.idempotency.size >= this.limits.maxIdempotencyKeys) this.idempotency.delete(this.idempotency.keys().next().value as string);
    this.idempotency.set(key, { fingerprint, expiresAt: this.now() + ttlSeconds * 1000 });
    return { state: 'claimed' };
  }

  async completeIdempotencyKey(key: string, fingerprint: string, response: StoredResponse, ttlSeconds: number): Promise<void> {
    this.idempotency.delete(key);
    this.idempotency.set(key, { fingerprint, response, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async releaseIdempotencyKey(key: string): Promise<void> {
    this.idempotency.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

function addUnique<T>(list: T[], value: T | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}
