import type { AdapterRegistry } from '../../adapters';
import type { CheckinSubject } from '../domain/checkin';
import type { Identifier, Subject } from '../domain/canonical-declaration';
import { secondsOfTheirSystems } from '../domain/identity-checks';
import { findCitizen } from '../identity/join-citizen';
import { unifiedQrStatus } from '../identity/qr-status';
import { formatIct, localDateOf, parseBirthDate } from '../normalize/dates';
import { parseDocument, type DocumentSystem } from '../normalize/documents';
import { foldName, normalizeName } from '../normalize/names';
import { toE164 } from '../normalize/phones';
import { asUnifiedCode, type UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';
import { storedRecordOf } from '../store/scoped-records';

/** A reason an event is refused, with the JSON pointer of the field it is about. */
export interface CheckinReason {
  pointer: string;
  code: string;
  message: string;
}

/**
 * Who an event is about: the citizen it joined (null: nobody the gateway knows, stored unlinked),
 * and `key`, the subject as given, the same whatever the join finds, so a replay of the event is
 * recognised even after the person becomes known. `key` holds personal data: it is only ever hashed.
 */
export interface ResolvedSubject {
  citizenId: string | null;
  key: string;
  /**
   * The citizen's unified QR: signed by the gateway and shown by its holder. Only such an event may
   * pair with stays another caller opened, and only its answer names the citizen.
   */
  possession: boolean;
  /** The unified QR's version, for an event by the citizen's code: a revoked code's resend is answered only for what that version recorded. */
  qrVersion?: number;
}

/**
 * `formerly`, for a unified QR replaced since (revoked): the subject it named while it was current,
 * so that an event recorded under it is still answered as recorded when sent again.
 */
export type SubjectResolution =
  { ok: true; subject: ResolvedSubject } | { ok: false; reasons: CheckinReason[]; formerly?: ResolvedSubject };

export interface SubjectDependencies {
  registry: AdapterRegistry;
  store: GatewayStore;
  unifiedQr: UnifiedQr;
}

const POINTER = '/subject';
const DOCUMENTS = new Set<string>(['vn-cccd', 'vn-cmnd', 'passport']);

/**
 * Resolves an event's subject, looking up only: a check-in never creates a citizen nor claims a
 * key. A unified QR is checked offline against the citizen's current code (revoked or forged: a
 * reason); a platform's QR names a record, linked through the record the gateway stores (the
 * platform is not asked: see README, known gaps); identifiers are cleaned as a mapping cleans them
 * and joined by the rules of join-citizen.ts.
 */
export async function resolveSubject(given: string | CheckinSubject, now: Date, deps: SubjectDependencies): Promise<SubjectResolution> {
  if (typeof given !== 'string') return resolveIdentifiers(given, now, deps.store);
  const text = given.trim();
  const unified = asUnifiedCode(text);
  if (unified !== undefined) {
    const status = await unifiedQrStatus(unified, deps.unifiedQr, deps.store);
    if (status.status !== 'invalid') {
      const subject = { citizenId: status.citizenId, key: `cit:${status.citizenId}`, possession: true, qrVersion: status.version };
      if (status.status === 'valid') return { ok: true, subject };
      return {
        ...refuse('qr-revoked', "this code was replaced (lost phone or new key): scan the citizen's current code"),
        formerly: subject,
      };
    }
    return refuse(`qr-${status.reason}`, 'is not a unified QR the gateway issued: forged, damaged or unknown');
  }
  const reference = deps.registry.recognizeQr(text);
  if (!reference) return refuse('qr-unrecognized', "is neither the unified code nor one of the platforms' codes");
  const stored = await storedRecordOf(deps.store, reference);
  // A scoped code's account is part of whom it names: two accounts' submission 1234 are two people,
  // each event its own (the same source event id sent for both is a conflict, never the first's stay).
  const { instance, recordId, scope } = reference;
  const key = scope === undefined ? `qr:${instance}:${recordId}` : `qr:${instance}:${scope}:${recordId}`;
  return { ok: true, subject: { citizenId: stored?.subject.citizenId ?? null, key, possession: false } };
}

async function resolveIdentifiers(given: CheckinSubject, now: Date, store: GatewayStore): Promise<SubjectResolution> {
  const reasons: CheckinReason[] = [];
  const identifiers: Identifier[] = [];
  // Where each identifier read stood in the event, for its pointer.
  const givenAt: number[] = [];
  given.identifiers.forEach(({ system, value }, i) => {
    const pointer = `${POINTER}/identifiers/${i}/value`;
    const read = identifiers.length;
    if (system === 'phone') {
      const phone = toE164(value);
      if (phone.ok) identifiers.push({ system, value: phone.value });
      else reasons.push({ pointer, code: 'invalid-phone', message: phone.message });
    } else if (DOCUMENTS.has(system)) {
      const document = parseDocument(value, system as DocumentSystem, given.nationality);
      if (document.ok) identifiers.push(document.value);
      else reasons.push({ pointer, code: 'invalid-document', message: document.message });
    } else identifiers.push({ system, value: value.trim() });
    if (identifiers.length > read) givenAt.push(i);
  });
  // One CCCD a person, as in a declaration, and one of each other system at the door: ten in one
  // check-in asked the join ten questions at once.
  for (const { position, ...reason } of secondsOfTheirSystems(identifiers))
    reasons.push({ pointer: `${POINTER}/identifiers/${givenAt[position]}/value`, ...reason });
  const fullName = given.fullName === undefined ? undefined : normalizeName(given.fullName);
  let birthDate: string | undefined;
  if (given.birthDate !== undefined) {
    const parsed = parseBirthDate(given.birthDate, localDateOf(formatIct(now)));
    if (parsed.ok) birthDate = parsed.value;
    else reasons.push({ pointer: `${POINTER}/birthDate`, code: 'invalid-date', message: parsed.message });
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const subject: Subject = {
    identifiers,
    ...(fullName ? { fullName } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(given.nationality ? { nationality: given.nationality } : {}),
  };
  const joined = await findCitizen(subject, store);
  // A phone alone never links a check-in: it is no proof of who is there, and would let anyone
  // holding a number learn whom it belongs to. A document, a platform's person id, or the phone
  // with the name and birth date (join-citizen.ts's own rules) do.
  const found = joined?.rule === 'phone-only' ? undefined : joined;
  const ids = identifiers.map(({ system, value }) => `${system}:${value}`).sort();
  const key = JSON.stringify({ ids, name: fullName ? foldName(fullName) : null, birth: birthDate ?? null, nat: given.nationality ?? null });
  return { ok: true, subject: { citizenId: found?.citizenId ?? null, key: `ids:${key}`, possession: false } };
}

function refuse(code: string, message: string): SubjectResolution & { ok: false } {
  return { ok: false, reasons: [{ pointer: POINTER, code, message }] };
}
