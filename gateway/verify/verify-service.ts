import { IDENTIFIER_SYSTEMS, type AdapterRegistry, type LookupSubject } from '../../adapters';
import type { CanonicalDeclaration, Identifier } from '../domain/canonical-declaration';
import { findCitizen } from '../identity/join-citizen';
import { unifiedQrStatusReading } from '../identity/qr-status';
import type { IngestService } from '../ingest/ingest-service';
import { formatIct } from '../normalize/dates';
import { asUnifiedCode, type UnifiedQr } from '../qr/unified-qr';
import { VENUE_QR_PREFIX } from '../venues/venue-qr';
import { platformAnswered, type AdapterRouter, type SourceReport } from '../routing/adapter-router';
import { Deadline } from '../routing/deadline';
import { MAX_SCAN_DECLARATIONS, type CitizenProfile, type GatewayStore, type StoredQr } from '../store/gateway-store';
import { storedRecordOf } from '../store/scoped-records';
import type { GatewayEvents } from '../operations/gateway-events';
import { personShown, type CheckpointPerson } from './checkpoint-person';
import { checkpointStatus, DEFAULT_POLICY, type CheckpointPolicy, type CheckpointStatus, type StatusReason } from './checkpoint-status';
import { weighedLiveAnswer } from './live-answer';
import { NO_EXPOSURE, type ExposureInputs } from './venue-exposure';

export interface VerifyAnswer {
  status: CheckpointStatus;
  reasons: (StatusReason | { code: string; message: string })[];
  /** Only for the unified QR, which the gateway signed and nobody can guess. */
  citizenId?: string;
  recognizedAs?: string;
  sources: { instance: string; outcome: SourceReport['outcome']; latencyMs: number; stale: boolean; ageSeconds?: number }[];
  /** Who the officer should see in front of them; only for the unified QR (see `personShown`). */
  person?: CheckpointPerson;
  checkedAt: string;
}

export interface VerifyDependencies {
  registry: AdapterRegistry;
  router: AdapterRouter;
  store: GatewayStore;
  unifiedQr: UnifiedQr;
  ingest: IngestService;
  clock: () => Date;
  deadlineMs: number;
  policy?: CheckpointPolicy;
  events?: GatewayEvents;
  /** The citizen's stays and the exposure notices in force (gateway/notices); none without it. */
  exposures?: { exposuresOf(citizenId: string, now: Date): Promise<ExposureInputs>; readNoticesAhead?(): void };
}

/** A scan reads the citizen's newest 20 declarations, and every one within the policy's windows up to 500 (DeclarationsWanted): 35 a day for 14 days, a long-haul driver's checkpoint passages. */
const STORED = 20;
const STORED_WITHIN_WINDOWS = MAX_SCAN_DECLARATIONS;
const DAY_MS = 24 * 3600 * 1000;

/**
 * A citizen as the gateway holds them: the profile (absent when unknown), their newest declarations
 * (absent when not read: a code that is not the citizen's current one needs none), and their QR.
 */
interface HeldCitizen {
  profile?: CitizenProfile;
  stored?: CanonicalDeclaration[];
  qr?: StoredQr;
  /** More declarations lay within the policy's windows than a scan reads (the oldest were not weighed). */
  more?: true;
}

/**
 * A checkpoint scan: recognise the QR, resolve it to a citizen, ask every instance that holds the
 * citizen's records in parallel under one deadline, merge with what the gateway stores, apply the
 * policy. Whatever the platforms do, the answer comes by the deadline; a bad QR is `invalid`, never an error.
 */
export class VerifyService {
  constructor(private readonly deps: VerifyDependencies) {}

  async verify(qrText: string): Promise<VerifyAnswer> {
    const answer = await this.resolve(qrText);
    this.deps.events?.emit('scanned', {
      status: answer.status,
      qrKind: answer.recognizedAs ?? 'unrecognized',
      venueExposure: answer.reasons.some((r) => r.code === 'venue-exposure'),
    });
    return answer;
  }

  private async resolve(qrText: string): Promise<VerifyAnswer> {
    const deadline = new Deadline(this.deps.deadlineMs);
    try {
      return await this.resolveWithin(qrText, deadline);
    } finally {
      deadline.end();
    }
  }

  private async resolveWithin(qrText: string, deadline: Deadline): Promise<VerifyAnswer> {
    const text = qrText.trim();
    // The prefix in any case, as for the platforms' codes.
    const unified = asUnifiedCode(text);
    if (unified !== undefined) return this.verifyUnified(unified, deadline);
    const reference = this.deps.registry.recognizeQr(text);
    // A venue's poster scanned at a checkpoint by mistake: said as such, so the officer scans the person's code.
    if (!reference && text.toUpperCase().startsWith(VENUE_QR_PREFIX))
      return this.answer('invalid', [{ code: 'qr-venue', message: "this is a venue's code (for check-ins): scan the citizen's own code" }]);
    if (!reference)
      return this.answer('invalid', [
        { code: 'qr-unrecognized', message: "the QR is neither the unified code nor one of the platforms' codes" },
      ]);

    const recognizedAs = reference.instance;
    const report = await this.deps.router.byRecord(reference, deadline);
    let record = report.declaration;
    if (report.outcome === 'answered' && record) {
      // Stored and joined like any record: without it the status would rest on this one record
      // alone, so a store that cannot take it in time makes the scan a 503.
      // The scan's answer names no citizen: their QR is not needed (CitizenInAnswer).
      const ingested = await deadline.race(this.deps.ingest.ingestMapped(record, 'id-only'));
      if (ingested.ok) record = ingested.declaration;
      // A conflict: the record the gateway stored under the code's record id decides, joined to its
      // citizen (one stored before ids carried its scope too: storedRecordOf); the answer alone, joined
      // to nobody, made the scan's status rest on it (a review: green for a red citizen).
      else if (ingested.conflict)
        record =
          (await deadline.race(this.deps.store.getDeclaration(record.declarationId))) ??
          (await deadline.race(storedRecordOf(this.deps.store, reference))) ??
          record;
      // Refused (past retention: an old code shown again): not stored, but the person it names is
      // still found by its identifiers, and their newer declarations, stays and notices decide, as
      // for their unified code; on this record alone the scan was yellow (stale) for a red citizen.
      else record = await this.joinedUnstored(record, deadline);
    } else {
      // The platform did not answer: the record as the gateway stored and joined it, so that the
      // citizen's other declarations count too; the platform's last answer (held as it came,
      // joined to nobody) only when none is stored. If the store cannot say, nothing could be
      // looked up: a 503, not "unknown".
      record = (await deadline.race(storedRecordOf(this.deps.store, reference))) ?? record;
    }
    // A platform code names a record, often by a sequential id anyone can count through: its
    // answer is a status with its reasons and sources, never who the person is.
    const citizenId = record?.subject.citizenId;
    const answer = citizenId
      ? await this.askCitizen(citizenId, deadline, { recognizedAs, already: report })
      : this.conclude(record ? [record] : [], [report], { recognizedAs });
    const { citizenId: _unshown, person: _alsoUnshown, ...statusOnly } = answer;
    return { ...statusOnly, reasons: withoutVenues(statusOnly.reasons) };
  }

  /** A record the store refused, with the citizen the join rules find for it (read only: nothing is written or learned). */
  private async joinedUnstored(record: CanonicalDeclaration, deadline: Deadline): Promise<CanonicalDeclaration> {
    if (record.kind === 'community-report') return record;
    const found = await deadline.race(findCitizen(record.subject, this.deps.store));
    return found ? { ...record, subject: { ...record.subject, citizenId: found.citizenId } } : record;
  }

  private async verifyUnified(text: string, deadline: Deadline): Promise<VerifyAnswer> {
    // The gateway's own store not answering in time is not "nothing found": the scan is refused (503, Retry-After).
    // The citizen and their declarations are read together, once, for the code's status and the answer;
    // the declarations only for the citizen's current code (a revoked one is answered without them).
    // The citizen's stays and the notices are read while the citizen is (the id is the code's claim,
    // known offline), for a code whose signature this process verified already: a scan waits for
    // one round trip of the store, not two in turn. Never for a code not yet verified: a forged one
    // would make the gateway read any citizen's stays, and its answer would wait for them (their
    // number told by its time). Read for a code that then fails (revoked), they are dropped unread;
    // a failure is kept until the answer needs them.
    let exposure: Promise<Settled<ExposureInputs>> | undefined;
    // The notices in force are everyone's: their read, when this process's cache of them is due,
    // goes with the citizen's for any code.
    this.deps.exposures?.readNoticesAhead?.();
    // The deadline bounds the read alone: a store that hangs past it then fails the read, and the
    // code's signature is judged without the store, so a forged code is `invalid` and only a genuine
    // one a 503 (the whole reading raced, a forged code was a 503 while Redis slept).
    const { status, read } = await unifiedQrStatusReading(text, this.deps.unifiedQr, (citizenId, version, signed) => {
      if (signed) exposure = settled(this.exposureOf(citizenId, deadline));
      return deadline.race(this.heldFor(citizenId, version));
    });
    if (status.status === 'invalid')
      return this.answer('invalid', [{ code: `qr-${status.reason}`, message: INVALID_MESSAGES[status.reason] }], {
        recognizedAs: 'unified',
      });
    if (status.status === 'revoked') {
      return this.answer(
        'invalid',
        [{ code: 'qr-revoked', message: "this code was replaced (lost phone or new key): ask for the citizen's current code" }],
        { recognizedAs: 'unified', citizenId: status.citizenId },
      );
    }
    return this.askCitizen(status.citizenId, deadline, { recognizedAs: 'unified' }, read, exposure);
  }

  /**
   * What the gateway holds of a citizen, in one step (one script on the citizen's slot); given the
   * scanned code's version, the declarations only when it is the citizen's current QR's.
   */
  private async heldFor(citizenId: string, qrVersion?: number): Promise<HeldCitizen> {
    const { riskWindowDays, symptomWindowDays, refusalWindowHours } = this.deps.policy ?? DEFAULT_POLICY;
    // Every declaration the policy could still count: twenty newer clean ones must not hide an F1 of last week.
    const lookback = Math.max(riskWindowDays * DAY_MS, symptomWindowDays * DAY_MS, refusalWindowHours * 3600 * 1000);
    const since = this.deps.clock().getTime() - lookback;
    const wanted = { newest: STORED, since, atMost: STORED_WITHIN_WINDOWS };
    const { profile, latest, more } = await this.deps.store.citizenForScan(citizenId, wanted, qrVersion);
    return { profile, stored: latest, qr: profile?.qr, ...(more ? { more } : {}) };
  }

  private exposureOf(citizenId: string, deadline: Deadline): Promise<ExposureInputs> {
    return this.deps.exposures
      ? deadline.race(this.deps.exposures.exposuresOf(citizenId, this.deps.clock()))
      : Promise.resolve(NO_EXPOSURE);
  }

  private async askCitizen(
    citizenId: string,
    deadline: Deadline,
    context: { recognizedAs: string; already?: SourceReport },
    held?: HeldCitizen,
    exposureRead?: Promise<Settled<ExposureInputs>>,
  ): Promise<VerifyAnswer> {
    // What the gateway itself holds must be read (unless the QR's check just read it): without it a
    // known red citizen could look unknown (a close contact green, for the stays and notices).
    const [{ profile, stored = [], more }, exposure] = await Promise.all([
      held?.stored ? held : deadline.race(this.heldFor(citizenId)),
      exposureRead ? exposureRead.then(unsettled) : this.exposureOf(citizenId, deadline),
    ]);
    // The scanned code's platform too, when it answered: the record the code names may not be the
    // citizen's newest there. Not when it failed: a second call would fail as well, and count twice
    // against its breaker and its rate budget.
    const already = context.already;
    const instances = (profile?.instances ?? []).filter(
      (i) => this.deps.router.canAsk(i) && (i !== already?.instance || platformAnswered(already.outcome)),
    );
    const reports = await Promise.all(
      instances.map((instance) =>
        this.deps.router.latestEach(instance, subjectOf(profile as CitizenProfile, stored, instance), citizenId, deadline),
      ),
    ).then((each) => each.flat());
    // The scanned code's platform, when it failed: not asked again, but the citizen's last answer
    // there is theirs as any other platform's stale one (before, a platform code of a citizen red on
    // that platform's last answer was green while it was down, and their unified code red).
    const failedHere = already && !platformAnswered(already.outcome) && profile?.instances.includes(already.instance) ? already : undefined;
    if (failedHere && this.deps.router.canAsk(failedHere.instance)) {
      const subject = subjectOf(profile as CitizenProfile, stored, failedHere.instance);
      // One for each way it asks them by; none that is the record the code's own stale answer already is.
      for (const last of await this.deps.router.lastAnswerEach(failedHere, subject, citizenId, deadline))
        if (last.declaration && last.declaration.declarationId !== failedHere.declaration?.declarationId) reports.push(last);
    }
    // An instance configured without a lookup API (ingest only) that holds the citizen's records is
    // listed as a source that was not asked: its stored records count, and nothing is "not found"
    // there. An instance no longer configured is not a source: it is not listed.
    for (const instance of profile?.instances ?? []) {
      if (this.deps.registry.get(instance) && !this.deps.router.canAsk(instance) && instance !== already?.instance)
        reports.push({ instance, outcome: 'error', latencyMs: 0, stale: false, detail: 'no-lookup-api' });
    }
    if (context.already) reports.unshift(context.already);
    const answer = this.conclude(stored, reports, { recognizedAs: context.recognizedAs, citizenId }, exposure, profile);
    return more ? partlyWeighed(answer) : answer;
  }

  private conclude(
    stored: CanonicalDeclaration[],
    reports: SourceReport[],
    context: { recognizedAs: string; citizenId?: string },
    exposure: ExposureInputs = NO_EXPOSURE,
    citizen?: CitizenProfile,
  ): VerifyAnswer {
    const byId = new Map(stored.map((d) => [d.declarationId, d]));
    for (const { declaration } of reports) {
      const weighed = declaration && weighedLiveAnswer(declaration, byId.get(declaration.declarationId), citizen);
      if (weighed) byId.set(weighed.declarationId, weighed);
    }
    const declarations = [...byId.values()];
    const { status, reasons } = checkpointStatus(declarations, this.deps.clock(), this.deps.policy ?? DEFAULT_POLICY, exposure);
    const person = personShown(declarations);
    const exposed = reasons.filter((r) => r.code === 'venue-exposure');
    const shown = declarations.length === 0 ? [...exposed, ...unknownReasons(reports, reasons.slice(exposed.length))] : reasons;
    const unread = unreadAnswers(reports);
    // An answer found but not read is a record: never green, never unknown ("no record found anywhere"), and always said.
    const overruled = unread !== undefined && (status === 'green' || status === 'unknown');
    const told = overruled ? [unread] : unread ? [...shown, unread] : shown;
    return {
      ...this.answer(overruled ? 'yellow' : status, told, context),
      sources: reports.map(({ instance, outcome, latencyMs, stale, ageSeconds }) => ({
        instance,
        outcome,
        latencyMs,
        stale,
        // A stale answer's age, and a fresh-cache one's: how old what the platform said is.
        ...(ageSeconds === undefined ? {} : { ageSeconds }),
      })),
      ...(person ? { person } : {}),
    };
  }

  private answer(
    status: CheckpointStatus,
    reasons: VerifyAnswer['reasons'],
    context: { recognizedAs?: string; citizenId?: string } = {},
  ): VerifyAnswer {
    return { status, reasons, ...context, sources: [], checkedAt: formatIct(this.deps.clock()) };
  }
}

/**
 * An answer for a citizen with more declarations within the policy's windows than a scan reads
 * (hundreds in two weeks: a partner sending records in their name): the oldest of them were not
 * weighed, and one may have been red. Never green: yellow at least, saying why.
 */
function partlyWeighed(answer: VerifyAnswer): VerifyAnswer {
  const reason = {
    code: 'declarations-unweighed',
    message: `more than ${STORED_WITHIN_WINDOWS} declarations lie within the policy's windows: the newest were weighed, not all; check the person`,
  };
  if (answer.status === 'red' || answer.status === 'yellow') return { ...answer, reasons: [...answer.reasons, reason] };
  return { ...answer, status: 'yellow', reasons: [reason] };
}

/** What a platform code's answer says of a venue exposure: that there is one, never where or when. */
export const UNNAMED_EXPOSURE =
  "was at a venue of an active exposure notice within its window: the citizen's unified code shows which venue and when";

/**
 * A venue exposure's reason names the venue and the window; under a platform code, whose record id
 * anyone can count through, that would tie an enumerable record to a place and a time. The status
 * stays what the exposure makes it (red or yellow), said once without the venue.
 */
function withoutVenues(reasons: VerifyAnswer['reasons']): VerifyAnswer['reasons'] {
  const others = reasons.filter((r) => r.code !== 'venue-exposure');
  if (others.length === reasons.length) return reasons;
  const first = reasons.findIndex((r) => r.code === 'venue-exposure');
  others.splice(first, 0, { code: 'venue-exposure', message: UNNAMED_EXPOSURE });
  return others;
}

/**
 * The platforms that answered a record the gateway cannot read (an F1 written `f1`, a refusal
 * `tu_choi`, a field out of its shape), which may be red: a green or an unknown becomes yellow,
 * check the person, and a yellow or red says so too. Before, the answer was dropped: green.
 */
function unreadAnswers(reports: SourceReport[]): { code: string; message: string } | undefined {
  const unread = reports.filter((r) => r.outcome === 'error' && r.detail === 'unmappable').map((r) => r.instance);
  if (unread.length === 0) return undefined;
  return {
    code: 'answer-unreadable',
    message: `${[...new Set(unread)].join(', ')} answered with a record the gateway could not read: check the person`,
  };
}

/**
 * Why nothing is known: found nowhere, or some sources could not be asked. The two must never be
 * confused: "no record" is said only when every source that holds the citizen answered.
 */
function unknownReasons(reports: SourceReport[], policyReasons: VerifyAnswer['reasons']): VerifyAnswer['reasons'] {
  // Each instance once, however many of its ways did not answer.
  const unanswered = [...new Set(reports.filter((r) => !platformAnswered(r.outcome)).map((r) => r.instance))];
  if (unanswered.length === 0) return policyReasons;
  return [
    {
      code: 'sources-unreachable',
      message: `no declaration could be read: ${unanswered.join(', ')} did not answer; this is not a clean record`,
    },
  ];
}

const INVALID_MESSAGES: Record<
  'malformed' | 'unknown-key' | 'bad-signature' | 'retired-key' | 'unknown-citizen' | 'bad-version' | 'not-issued',
  string
> = {
  malformed: 'the code is not a well-formed unified QR',
  'unknown-key': 'the code is signed with a key the gateway does not publish',
  'bad-signature': "the code's signature does not verify: forged or damaged",
  'retired-key': 'the code is signed with a retired key after its retirement: forged',
  'unknown-citizen': 'the code names no citizen the gateway knows',
  'bad-version': 'the code claims a version the gateway never issued: forged',
  'not-issued': 'the code is not the one the gateway issued for this version: forged',
};

/**
 * What an instance can be asked by: the citizen's identifiers as the registry says lookups ask by
 * them, the scopes seen on its records, what its own records were filed under, its newest record's
 * first (filedAs: LookupSubject.filedUnder), and the platform ids seen under each scope.
 */
export function subjectOf(profile: CitizenProfile, stored: CanonicalDeclaration[], instance: string): LookupSubject {
  const own = stored.filter((d) => d.source.instance === instance);
  const scopes = [...new Set(own.filter((d) => d.source.recordScope).map((d) => d.source.recordScope as string))];
  const held = new Set(profile.identifiers.map((id) => `${id.system}:${id.value}`));
  const filedUnder = own.flatMap((d) => filedAs(d.subject.identifiers ?? [])).filter((id) => held.has(`${id.system}:${id.value}`));
  // Each scope with the platform ids its records carried, newest first: a Zalo user is asked under
  // each account they wrote to; then those the citizen learned for this instance (an account seen
  // only on forms older than those a scan reads), each an id the citizen holds.
  const scopedIds = [
    ...own.flatMap(({ source, subject }) =>
      source.recordScope === undefined
        ? []
        : (subject.identifiers ?? [])
            .filter((id) => IDENTIFIER_SYSTEMS.kindOf(id.system) === 'platform' && held.has(`${id.system}:${id.value}`))
            .map((id) => ({ scope: source.recordScope as string, id })),
    ),
    ...(profile.scopedIds ?? [])
      .filter((learned) => learned.instance === instance && held.has(`${learned.id.system}:${learned.id.value}`))
      .map(({ scope, id }) => ({ scope, id })),
  ];
  const learnedScopes = scopedIds.map(({ scope }) => scope);
  return IDENTIFIER_SYSTEMS.lookupSubject(profile.identifiers, [...new Set([...scopes, ...learnedScopes])], filedUnder, scopedIds);
}

/**
 * What a record was filed under on its platform: its documents, else its phone (a record declared
 * with a phone alone), and its own ids (a Bluezone device). Its phone beside a document is not: a
 * platform asked by it would answer any record of a family's phone.
 */
function filedAs(identifiers: readonly Identifier[]): Identifier[] {
  const documents = identifiers.filter((id) => IDENTIFIER_SYSTEMS.kindOf(id.system) === 'document');
  const phones = documents.length > 0 ? [] : identifiers.filter((id) => id.system === 'phone');
  return [...documents, ...phones, ...identifiers.filter((id) => IDENTIFIER_SYSTEMS.kindOf(id.system) === 'platform')];
}

/** A promise's outcome as a value: a read begun before it is known to be needed never rejects unheard. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settled<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** The value, or the failure thrown where the value is needed. */
function unsettled<T>(outcome: Settled<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}
