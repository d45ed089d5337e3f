import { randomInt } from 'node:crypto';
import { IDENTIFIER_SYSTEMS, type AdapterRegistry, type RefusalReason } from '../../adapters';
import type { CanonicalDeclaration, Identifier, Subject } from '../domain/canonical-declaration';
import type { Retention } from '../domain/retention';
import type { CitizenQr } from '../identity/citizen-qr';
import { citizenShownToSender, disputedJoin } from '../identity/disputed-join';
import { phoneOf } from '../identity/identity-keys';
import {
  findCitizen,
  foreignCccds,
  indexKeysOf,
  joinAfterHeldKey,
  joinCitizen,
  joinHolder,
  type JoinOutcome,
  type JoinRule,
} from '../identity/join-citizen';
import { formatIct } from '../normalize/dates';
import type { CitizenProfile, GatewayStore, ScopedId, StoredQr } from '../store/gateway-store';
import { unscopedIdOf } from '../store/scoped-records';
import { readCanonicalInput } from './canonical-input';
import { sameSourceRecord } from './same-source-record';
import { unwritableReasons } from './writable-declaration';
import type { GatewayEvents } from '../operations/gateway-events';

/**
 * A new citizen's write starts over at most this many times when it meets another first record of
 * the same person that lets its claims go too (joinAfterHeldKey): the last try checks nothing.
 */
const MAX_FIRST_TRIES = 3;

/**
 * What the answer says of the record's citizen: their id and QR (one record's ingest hands the QR
 * to the partner), or their id alone (a batch's line, a scan). With the id alone a new citizen's
 * first QR is not signed with their first record but when first handed out (CitizenQr.current),
 * since an ES256 signature was a tenth of a batch's CPU for codes no answer carried.
 */
export type CitizenInAnswer = 'id-and-qr' | 'id-only';

/** The citizen an answer names, as `CitizenInAnswer` asked. */
export type CitizenNamed<C extends CitizenInAnswer> = C extends 'id-and-qr' ? { citizenId: string; qr: string } : { citizenId: string };

export type IngestOutcome<C extends CitizenInAnswer = 'id-and-qr'> =
  /** `keptForMs`: how long the declaration is still kept (its retention), the longest its answer may be replayed. */
  | { ok: true; created: boolean; declaration: CanonicalDeclaration; citizen: CitizenNamed<C> | null; rule?: JoinRule; keptForMs: number }
  /** The record cannot be a declaration: every reason, each with its pointer. */
  | { ok: false; conflict: false; reasons: RefusalReason[] }
  /** Another record is stored under the same source id: nothing of it is told. */
  | { ok: false; conflict: true };

export interface IngestDependencies {
  registry: AdapterRegistry;
  store: GatewayStore;
  citizenQr: CitizenQr;
  clock: () => Date;
  retention: Retention;
  events?: GatewayEvents;
}

/**
 * Ingestion: map, join, store, answer. The answer is given only after the store has the record.
 * The same source record sent again is answered from the store, as it was first stored; a
 * different record under a stored source id is a conflict that reveals nothing of the stored one.
 * Everything a write needs is checked before the first write, so a refused record leaves nothing;
 * a record older than the retention window is refused, since it would be forgotten at once.
 */
export class IngestService {
  constructor(private readonly deps: IngestDependencies) {}

  /** A native record of an instance. The instance must exist (the route checks). */
  async ingestNative<C extends CitizenInAnswer = 'id-and-qr'>(
    instance: string,
    native: unknown,
    citizenInAnswer: C = 'id-and-qr' as C,
  ): Promise<IngestOutcome<C>> {
    const result = this.deps.registry.get(instance)!.toCanonical(native, formatIct(this.deps.clock()));
    return result.ok ? this.ingestMapped(result.declaration, citizenInAnswer) : this.refused(instance, result.reasons);
  }

  /** A declaration already in canonical form, from a partner that speaks it natively. */
  async ingestCanonical(body: unknown): Promise<IngestOutcome> {
    const result = readCanonicalInput(body, this.deps.registry, formatIct(this.deps.clock()));
    return result.ok ? this.ingestMapped(result.declaration) : this.refused('canonical', result.reasons);
  }

  /** A declaration already mapped (a platform's answer to a scan): joined and stored as any other. */
  async ingestMapped<C extends CitizenInAnswer = 'id-and-qr'>(
    mapped: CanonicalDeclaration,
    citizenInAnswer: C = 'id-and-qr' as C,
  ): Promise<IngestOutcome<C>> {
    const { store } = this.deps;
    // What the join reads is read with the replay check, in the same round trip: a new record needs
    // both, and a replay only pays for commands it did not need, not for a wait.
    const found = mapped.kind === 'community-report' ? undefined : findCitizen(mapped.subject, store);
    // A scoped record stored before ids carried the scope is that record too, if of the same scope (scoped-records.ts).
    const unscopedId = unscopedIdOf(mapped);
    const [scoped, unscoped] = await Promise.all([
      store.getDeclarationWithQr(mapped.declarationId),
      unscopedId === undefined ? undefined : store.getDeclarationWithQr(unscopedId),
      found,
    ]);
    const before = scoped === undefined && unscoped?.declaration.source.recordScope === mapped.source.recordScope ? unscoped : undefined;
    const stored = scoped ?? before;
    // Compared as the record it was stored as, under the id it was stored under.
    const submitted = before ? { ...mapped, declarationId: before.declaration.declarationId } : mapped;
    if (stored)
      return sameSourceRecord(submitted, stored.declaration)
        ? this.answer(citizenInAnswer, false, stored.declaration, undefined, stored.qr)
        : this.conflict(mapped);
    const unwritable = unwritableReasons(mapped);
    if (unwritable.length > 0) return this.refused(mapped.source.instance, unwritable);
    const keepForMs = this.deps.retention.endOf(mapped.declaredAt) - this.deps.clock().getTime();
    if (keepForMs <= 0) return this.refused(mapped.source.instance, [pastRetention(this.deps.retention)]);

    let second = await this.write(mapped, await joinCitizen(mapped, store, undefined, found), keepForMs, citizenInAnswer, true);
    // A new citizen one of whose keys that mean one person another holds since the join read it
    // (another first record of the person, under another strongest key): joined again (joinAfterHeldKey).
    for (let tries = 1; second.write.indexHeld; tries += 1) {
      const rejoined = await joinAfterHeldKey(mapped, second.write.indexHeld, store);
      if (rejoined) second = await this.write(mapped, rejoined, keepForMs, citizenInAnswer);
      else {
        // The other let its claims go too: both start over, after a random pause so that they do
        // not meet again; the last try checks nothing (a second citizen, at worst, as before).
        await new Promise((resolve) => setTimeout(resolve, randomInt(5, 50) * tries));
        second = await this.write(mapped, await joinCitizen(mapped, store), keepForMs, citizenInAnswer, tries < MAX_FIRST_TRIES);
      }
    }
    // Another record of the same person claimed the new citizen's key first (on any process): joined to theirs.
    const { join, write, declaration } =
      second.write.heldBy === undefined
        ? second
        : await this.write(mapped, await joinHolder(mapped.subject, second.write.heldBy, store), keepForMs, citizenInAnswer);
    // Another process stored a different record under this id first (a race the read above lost).
    if (!write.created && !sameSourceRecord(declaration, write.declaration)) return this.conflict(declaration);
    return this.answer(citizenInAnswer, write.created, write.declaration, join.rule, write.qr);
  }

  /**
   * Stores the record linked as the join says, with its citizen's part: index keys, the key a new
   * citizen is created under, and its first QR when the answer hands it out.
   */
  private async write(
    mapped: CanonicalDeclaration,
    join: JoinOutcome,
    keepForMs: number,
    citizenInAnswer: CitizenInAnswer,
    checkHeldKeys = false,
  ) {
    const declaration = linked(mapped, join.citizenId, join.flags);
    // What the citizen learns of this record: its identifiers, but a CCCD not theirs (foreignCccds).
    // Nothing of a disputed one (their CCCD, another name or birth date) unless it carries a phone
    // of theirs: from a stranger who knows only their CCCD, a name it taught them would make the
    // sender's next record with that name undisputed, and hand the sender their QR; with their
    // phone, it is the person correcting a typo in their first record, which must not stay for good.
    const foreign = foreignCccds(declaration.subject, join.known);
    const learned: Subject =
      disputedJoin(declaration) && !holdsPhoneOf(join.known, declaration.subject)
        ? {}
        : {
            ...declaration.subject,
            identifiers: (declaration.subject.identifiers ?? []).filter((id) => !(id.system === 'vn-cccd' && foreign.has(id.value))),
          };
    const identifiers = learned.identifiers ?? [];
    const { keys, onePerson, phone, nameKey } = indexKeysOf(learned);
    const write = await this.deps.store.writeDeclaration({
      declaration,
      keepForMs,
      citizen: join.citizenId
        ? {
            citizenId: join.citizenId,
            identifiers,
            ...scopedIdsOf(declaration, identifiers),
            nameKey,
            birthDate: learned.birthDate,
            instance: declaration.source.instance,
            createdAt: declaration.source.receivedAt,
            // A citizen not stored yet (new, or named by an index whose first write never happened)
            // gets its first QR in the same step as its first declaration, when the answer hands it out.
            firstQr:
              join.known || citizenInAnswer === 'id-only' || !citizenShownToSender(declaration)
                ? undefined
                : this.deps.citizenQr.draftFirst(join.citizenId),
            // Claimed before the citizen is written, the key a new citizen is created under first.
            createdUnder: join.creationKey,
            // Asked to: a new citizen one of whose keys that mean one person another holds is joined again (GatewayStore).
            ...(checkHeldKeys && join.creationKey !== undefined ? { rejoinIfHeld: onePerson } : {}),
            index: { keys: keys.filter((key) => key !== join.creationKey), phone },
          }
        : undefined,
    });
    return { join, write, declaration };
  }

  private refused(instance: string, reasons: RefusalReason[]): IngestOutcome {
    this.deps.events?.emit('ingested', { instance, result: 'refused', reasonCodes: [...new Set(reasons.map((r) => r.code))] });
    return { ok: false, conflict: false, reasons };
  }

  private conflict(declaration: CanonicalDeclaration): IngestOutcome {
    this.deps.events?.emit('ingested', { instance: declaration.source.instance, result: 'conflict' });
    return { ok: false, conflict: true };
  }

  private async answer<C extends CitizenInAnswer>(
    citizenInAnswer: C,
    created: boolean,
    declaration: CanonicalDeclaration,
    rule?: JoinRule,
    knownQr?: StoredQr,
  ): Promise<IngestOutcome<C>> {
    this.deps.events?.emit('ingested', { instance: declaration.source.instance, result: created ? 'created' : 'replayed', rule });
    const citizenId = declaration.subject.citizenId;
    const keptForMs = this.deps.retention.endOf(declaration.declaredAt) - this.deps.clock().getTime();
    // Its sender is told the citizen only when the record names them undisputed (a replay's answer
    // too), and no QR is issued for an answer that does not carry it.
    if (!citizenId || !citizenShownToSender(declaration)) return { ok: true, created, declaration, citizen: null, rule, keptForMs };
    const citizen =
      citizenInAnswer === 'id-and-qr'
        ? // The store's answer carries the citizen's QR when it has one: none means none (CitizenQr.current).
          { citizenId, qr: (await this.deps.citizenQr.current(citizenId, knownQr ?? null)).text }
        : { citizenId };
    // The two kinds of CitizenInAnswer and the two shapes of CitizenNamed, paired by the test above.
    return { ok: true, created, declaration, citizen: citizen as CitizenNamed<C>, rule, keptForMs };
  }
}

function pastRetention(retention: Retention): RefusalReason {
  return {
    pointer: '/declaredAt',
    code: 'past-retention',
    message: `is older than the ${retention.days} days the gateway keeps a declaration`,
  };
}

/** Whether the citizen holds the record's phone. */
function holdsPhoneOf(known: CitizenProfile | undefined, subject: Subject): boolean {
  const phone = phoneOf(subject);
  return phone !== undefined && (known?.identifiers.some((id) => id.system === 'phone' && id.value === phone) ?? false);
}

/** The declaration with its citizen and the join's flags added (or `unlinked`). */
function linked(
  declaration: CanonicalDeclaration,
  citizenId: string | undefined,
  joinFlags: CanonicalDeclaration['quality']['flags'],
): CanonicalDeclaration {
  const flags = [...new Set([...declaration.quality.flags, ...joinFlags])];
  return {
    ...declaration,
    subject: citizenId ? { citizenId, ...declaration.subject } : declaration.subject,
    quality: { ...declaration.quality, flags },
  };
}

/**
 * What a scoped record teaches its citizen of where to ask for them (CitizenProfile.scopedIds): its
 * platform ids the citizen learns, under its scope. Only from a record that names its citizen
 * undisputed: a nameless form with a person's CCCD and a stranger's Zalo id must not have every
 * later scan of that person ask about the stranger (a review).
 */
function scopedIdsOf(declaration: CanonicalDeclaration, identifiers: Identifier[]): { scopedIds?: ScopedId[] } {
  const { instance, recordScope: scope } = declaration.source;
  if (scope === undefined || !citizenShownToSender(declaration)) return {};
  const scopedIds = IDENTIFIER_SYSTEMS.platformIds(identifiers).map((id) => ({ instance, scope, id }));
  return scopedIds.length === 0 ? {} : { scopedIds };
}
