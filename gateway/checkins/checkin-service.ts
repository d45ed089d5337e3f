import { schemaReasons, unjudgedText, type AdapterRegistry } from '../../adapters';
import schema from '../../schemas/checkin.v1.schema.json';
import type { AnyVenueCallers } from '../config';
import type { CheckinEvent, CheckinMode, CheckinStay, Stay, StoredStay } from '../domain/checkin';
import type { Retention } from '../domain/retention';
import { compileSchema } from '../domain/schema-compiler';
import type { Venue } from '../domain/venue';
import { formatIct, parseDateTime } from '../normalize/dates';
import { pastInstant, timeBounds } from '../normalize/time-bounds';
import type { AuditLog } from '../operations/audit-log';
import type { GatewayEvents } from '../operations/gateway-events';
import { asUnifiedCode, type UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';
import type { KeyNames } from '../store/key-names';
import { StoreUnavailable } from '../store/store-errors';
import type { RecordedCheckin, RevStay, StayStore, StayWrite } from '../store/stay-store';
import { VENUE_QR_PREFIX } from '../venues/venue-qr';
import type { VenueService } from '../venues/venue-service';
import { resolveSubject, type CheckinReason, type ResolvedSubject, type SubjectResolution } from './checkin-subject';
import { OneAtATime } from './one-at-a-time';
import { asAnswered, asRead, checkIn, checkOut, endOf, MAX_STAY_MS, settledEnd, type StayChange } from './stays';

const validateEvent = compileSchema<CheckinEvent>({
  $id: schema.$id.replace('checkin.v1', 'checkin-event.v1'),
  ...schema.$defs.CheckinEvent,
  $defs: schema.$defs,
});
const VENUE_ID = new RegExp(schema.$defs.VenueId.pattern);
/** A citizen's stays, newest first, in one answer at most. */
export const STAYS_SHOWN = 100;

export interface CheckinServiceDependencies {
  registry: AdapterRegistry;
  store: GatewayStore;
  stays: StayStore;
  venues: VenueService;
  unifiedQr: UnifiedQr;
  /** Hashes what identifies an event (a subject, a source's id) into its key: never personal data in a key name. */
  keyNames: KeyNames;
  clock: () => Date;
  retention: Retention;
  futureSkewMs: number;
  events?: GatewayEvents;
  /** Tracing's audit trail: where reads of a citizen's movements are recorded. */
  audit?: AuditLog;
  /** CHECKINS_ANY_VENUE: who records check-ins by identifiers at any venue. */
  anyVenue: AnyVenueCallers;
}

export type CheckinOutcome =
  /** `keptForMs`: how long the stay is surely still kept (CHECKIN_RETENTION_DAYS after its settled end: stays.ts), the longest its answer may be replayed. */
  { ok: true; created: boolean; stay: CheckinStay; keptForMs: number } | { ok: false; conflict: boolean; reasons: CheckinReason[] };

/** An event taken: its outcome before the time its stay is kept is counted. */
type Taken = Exclude<CheckinOutcome, { ok: true }> | { ok: true; created: boolean; stay: CheckinStay };

/**
 * How old an event by the citizen's code may be, as it arrives, and still end a stay another caller
 * opened: a device's or an app's event reaches the gateway within seconds, or within minutes of
 * patchy network. An older one (an import, a backdated event) makes a stay of its own.
 */
const CROSS_CALLER_PAIRING_MS = 15 * 60_000;

/** How many times an event re-reads a citizen's stays when another event of that citizen wrote first. */
const WRITE_ATTEMPTS = 16;

/** What a refused event had as its record while its citizen's code was current: its key, fingerprint and the code's version. */
type RecordedAs = { eventKey: string; fingerprint: string; qrVersion: number | undefined };

/** An event read, checked and resolved: everything its write needs. */
interface ReadEvent {
  venue: Venue;
  direction: 'in' | 'out';
  at: number;
  subject: ResolvedSubject;
  eventKey: string;
  fingerprint: string;
  stayId: string;
  /** A keyed hash of the caller (the token subject): stays this caller opened are the only ones it may pair with. */
  caller: string;
}

/**
 * Venue check-ins: an event read (its venue, its time, its subject resolved without creating
 * anyone), claimed under its key before anything is written (so another event under a taken source
 * id writes nothing), turned into stays by the rules of stays.ts, and answered. A check-in is not a
 * declaration: it never touches a citizen's declarations, so it never changes a checkpoint's answer.
 *
 * An event pairs (closes, or answers) only with stays its own caller opened, or with any of the
 * citizen's when its subject is the citizen's unified QR: a caller holding a phone number or a
 * platform's sequential record id can neither learn where a person has been nor move their stays.
 */
export class CheckinService {
  /** One citizen's events written one after another in this process, in the order they reach their write (OneAtATime). */
  private readonly perCitizen = new OneAtATime();

  constructor(private readonly deps: CheckinServiceDependencies) {}

  /** One event from `caller`, the token subject that sent it. */
  async checkin(body: unknown, caller: string): Promise<CheckinOutcome> {
    const mode: CheckinMode | 'unspecified' = modeOf(body);
    const taken = await this.take(body, caller);
    this.deps.events?.emit('checked-in', {
      mode,
      result: taken.ok ? (taken.created ? 'created' : 'replayed') : taken.conflict ? 'conflict' : 'refused',
    });
    if (!taken.ok) return taken;
    return { ...taken, keptForMs: this.deps.retention.endOf(settledEnd(taken.stay)) - this.deps.clock().getTime() };
  }

  /** The citizen's stays, newest first, within the retention window. */
  async staysOf(citizenId: string): Promise<Stay[]> {
    const now = this.deps.clock().getTime();
    const stays = await this.deps.stays.citizenStays(citizenId, now - this.deps.retention.ms - MAX_STAY_MS, Infinity, STAYS_SHOWN);
    return stays.map(asRead);
  }

  /**
   * A citizen's stays read for a caller: a person's movements, so the read goes in tracing's audit
   * trail (who read whose, when), recorded before the answer leaves and never behind a 503.
   */
  async staysReadBy(citizenId: string, reader: { subject: string; requestId: string; signal: AbortSignal }): Promise<Stay[]> {
    const stays = await this.staysOf(citizenId);
    reader.signal.throwIfAborted();
    await this.deps.audit?.append({
      at: formatIct(this.deps.clock()),
      actor: reader.subject,
      action: 'citizen-stays',
      citizenId,
      citizens: 1,
      requestId: reader.requestId,
    });
    return stays;
  }

  private async take(body: unknown, caller: string): Promise<Taken> {
    const now = this.deps.clock();
    const read = await this.read(body, caller, now);
    if (!read.ok)
      return (read.recordedAs && (await this.recordedBefore(read.recordedAs))) ?? { ok: false, conflict: false, reasons: read.reasons };
    const event = read.event;
    const keepForMs = event.at + this.deps.retention.ms - now.getTime();
    const claim = await this.deps.stays.claimCheckin(event.eventKey, event.fingerprint, keepForMs);
    if (claim.state === 'done') return this.replay(claim.recorded, event);
    if (claim.state === 'pending' && claim.fingerprint !== event.fingerprint) return conflict();
    // Claimed now, or pending under this very event (a retry after a crash, or the same event at
    // once on another pod): applied, which is harmless twice, then recorded; the first record stands.
    const stay = await this.apply(event, now, claim.state === 'pending');
    const { qrVersion } = event.subject;
    const record = { fingerprint: event.fingerprint, stay, ...(qrVersion === undefined ? {} : { qrVersion }) };
    const recorded = await this.deps.stays.completeCheckin(event.eventKey, record, keepForMs);
    return { ok: true, created: claim.state === 'claimed', stay: recorded.stay };
  }

  /**
   * An event refused only because its citizen's QR was replaced since, answered as it was recorded
   * when it is the same event sent again with the code it was recorded with (a retry must get the
   * same answer; an event the citizen's newer code recorded is not the old code's to see); else nothing.
   */
  private async recordedBefore(event: RecordedAs): Promise<Taken | undefined> {
    const recorded = await this.deps.stays.getCheckin(event.eventKey);
    const same = recorded?.fingerprint === event.fingerprint && recorded.qrVersion === event.qrVersion;
    return same ? { ok: true, created: false, stay: recorded.stay } : undefined;
  }

  private replay(recorded: RecordedCheckin, event: ReadEvent): Taken {
    return recorded.fingerprint === event.fingerprint ? { ok: true, created: false, stay: recorded.stay } : conflict();
  }

  /**
   * Writes what the event changes: a compare-and-set of the citizen's stays (read, rule, write one
   * step if nobody wrote in between, else again), then each venue copy. `repair`: the event may
   * have been applied already by a process that stopped before its venue copies, so the citizen's
   * recent stays are copied again (a copy never replaces a newer one).
   */
  private async apply(event: ReadEvent, now: Date, repair: boolean): Promise<CheckinStay> {
    const { citizenId, possession } = event.subject;
    const stayEvent = {
      stayId: event.stayId,
      venueId: event.venue.venueId,
      citizenId,
      at: event.at,
      defaultStayMinutes: event.venue.defaultStayMinutes,
      openedBy: event.caller,
    };
    const rule = (stays: StoredStay[]): StayChange => (event.direction === 'in' ? checkIn(stays, stayEvent) : checkOut(stays, stayEvent));
    const forgetBeforeMs = now.getTime() - this.deps.retention.ms - MAX_STAY_MS;
    const kept = (stay: StoredStay): StayWrite => ({ stay, keepForMs: endOf(stay) + this.deps.retention.ms - now.getTime() });
    if (citizenId === null) {
      const change = rule([]);
      await Promise.all(change.writes.map((stay) => this.deps.stays.copyToVenue({ ...kept(stay), rev: 1 }, forgetBeforeMs)));
      this.counted(change.writes);
      return asAnswered(change.answer, false);
    }
    // Another caller's stay pairs with an event by the citizen's code only when that event is of the
    // last few minutes: a check-in or check-out sent later with a past time must not end a stay its
    // caller did not open (an exposure notice reads the stays: a backdated event would take a close
    // contact's red away). One as it happens ends the stay at about now, as the person said.
    const live = now.getTime() - event.at <= CROSS_CALLER_PAIRING_MS;
    const pairsWith = (stay: StoredStay) => stay.openedBy === event.caller || (possession && live);
    // One at a time in this process, in the order they reach here (another process's still race: the
    // compare-and-set below, read again when someone wrote in between).
    return this.perCitizen.run(citizenId, async () => {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const held = await this.deps.stays.readCitizen(citizenId, event.at - MAX_STAY_MS, event.at + MAX_STAY_MS);
        const pairable = held.stays.filter((s) => pairsWith(s.stay)).map((s) => s.stay);
        const change = rule(pairable);
        const writes = change.writes.map(kept);
        const rev = writes.length === 0 ? held.rev : await this.deps.stays.writeCitizen(citizenId, held.rev, writes, forgetBeforeMs);
        if (rev === undefined) continue;
        const copies: RevStay[] = writes.length > 0 ? writes.map(({ stay }) => ({ stay, rev })) : repair ? held.stays : [];
        await Promise.all(copies.map(({ stay, rev: r }) => this.deps.stays.copyToVenue({ ...kept(stay), rev: r }, forgetBeforeMs)));
        this.counted(change.writes);
        return asAnswered(change.answer, possession);
      }
      throw new StoreUnavailable("the citizen's stays kept changing while this check-in was written: try it again");
    });
  }

  /** Counted once written: a retried event writes nothing and closes nothing again. */
  private counted(writes: StoredStay[]): void {
    for (const stay of writes) if (stay.outSource) this.deps.events?.emit('stay-closed', { outSource: stay.outSource });
  }

  /** Reads and checks an event, every reason at once; nothing is written for a refused one. */
  private async read(
    body: unknown,
    callerSubject: string,
    now: Date,
  ): Promise<
    | { ok: true; event: ReadEvent }
    /** `recordedAs`: the event as it was recorded while its subject's QR was current (see recordedBefore). */
    | { ok: false; reasons: CheckinReason[]; recordedAs?: RecordedAs }
  > {
    if (!validateEvent(body)) return { ok: false, reasons: await this.withShapedReasons(schemaReasons(validateEvent.errors), body, now) };
    const reasons: CheckinReason[] = [];
    const at = this.readTime(body.at, now, reasons);
    const resolve = () =>
      resolveSubject(body.subject, now, { registry: this.deps.registry, store: this.deps.store, unifiedQr: this.deps.unifiedQr });
    // Identifiers or a platform's code at a venue this caller did not register are refused before
    // the subject is looked up: read beside the venue, a held phone's lookup (more reads) made the
    // refusal 0.3-0.45 ms slower, an oracle of whom the gateway knows (a privacy probe). The
    // citizen's unified code, which anyone may scan anywhere, and the trusted callers keep the one wait.
    // Such an event names no subject until its venue is settled: a venue not found (an unknown id, a
    // forged code) or not the caller's is told so alone, its subject not looked up, nor checked.
    const judgedFirst = !this.anywhere(callerSubject) && !isUnifiedCode(body.subject);
    let venue: Venue | undefined;
    let subject: SubjectResolution;
    let registered: boolean | undefined;
    if (judgedFirst) {
      venue = await this.readVenue(body.venue, reasons);
      if (!venue) return { ok: false, reasons };
      registered = await this.deps.venues.registeredBy(venue.venueId, callerSubject);
      if (!registered) return { ok: false, reasons: [...reasons, NOT_ITS_VENUE] };
      subject = await resolve();
    } else [venue, subject] = await Promise.all([this.readVenue(body.venue, reasons), resolve()]);
    if (!subject.ok) reasons.push(...subject.reasons);
    const standing = subject.ok && venue ? await this.standingAt(venue, subject.subject, callerSubject, at, now, registered) : 'trusted';
    if (standing === 'not-its-venue') reasons.push(NOT_ITS_VENUE);
    // Every event key is the caller's own: one integrator cannot squat, nor replay, another's ids.
    const caller = this.deps.keyNames.of(`checkin-caller:${callerSubject}`).slice(0, 22);
    if (at === undefined || !venue) return { ok: false, reasons };
    if (!subject.ok) {
      // Refused only because the citizen's QR was replaced since: the same event sent again is still its record.
      const formerly = subject.formerly && reasons.length === subject.reasons.length ? subject.formerly : undefined;
      const recordedAs = formerly && { ...this.identify(body, venue.venueId, at, formerly.key, caller), qrVersion: formerly.qrVersion };
      return { ok: false, reasons, ...(recordedAs ? { recordedAs } : {}) };
    }
    if (reasons.length > 0) return { ok: false, reasons: standing === 'not-live' ? [...reasons, NOT_LIVE] : reasons };
    const { eventKey, fingerprint } = this.identify(body, venue.venueId, at, subject.subject.key, caller);
    // Recorded as it happened and sent again since (a retry): answered as recorded (recordedBefore).
    if (standing === 'not-live')
      return { ok: false, reasons: [NOT_LIVE], recordedAs: { eventKey, fingerprint, qrVersion: subject.subject.qrVersion } };
    // From the key and the fingerprint: two events under one source id can never share a stay.
    const stayId = `sty_${this.deps.keyNames.of(`stay:${eventKey}|${fingerprint}`).slice(0, 22)}`;
    return { ok: true, event: { venue, direction: body.direction, at, subject: subject.subject, eventKey, fingerprint, stayId, caller } };
  }

  /**
   * What `caller` may record of this subject at this venue. A caller of CHECKINS_ANY_VENUE (a
   * citizens' app) or the venue's registrant (its devices): anything. Anyone else: the citizen's
   * unified QR only, and only as it is scanned (within CROSS_CALLER_PAIRING_MS of its time). A device
   * elsewhere could otherwise plant a stay of anyone whose CCCD it knows, or whose code it once
   * scanned, at a venue of an exposure notice, within its window, and make them red at every
   * checkpoint. The registrant is read only when it decides: a live scan of the code is taken from
   * anyone. (A venue's floors are registered by its own registrant: venue-service.ts.)
   */
  private async standingAt(
    venue: Venue,
    subject: ResolvedSubject,
    caller: string,
    at: number | undefined,
    now: Date,
    /** Whether `caller` registered the venue, when read already. */
    registered?: boolean,
  ): Promise<'trusted' | 'live' | 'not-live' | 'not-its-venue'> {
    if (this.anywhere(caller)) return 'trusted';
    const live = at === undefined || now.getTime() - at <= CROSS_CALLER_PAIRING_MS;
    if (subject.possession && live) return 'live';
    if (registered ?? (await this.deps.venues.registeredBy(venue.venueId, caller))) return 'trusted';
    return subject.possession ? 'not-live' : 'not-its-venue';
  }

  /** A caller of CHECKINS_ANY_VENUE (a citizens' app): anyone, at any venue. */
  private anywhere(caller: string): boolean {
    const { anyVenue } = this.deps;
    return anyVenue === '*' || anyVenue.includes(caller);
  }

  /** An event's key (its source id, or else its content, under its caller) and its content's fingerprint. */
  private identify(body: CheckinEvent, venueId: string, at: number, subjectKey: string, caller: string) {
    const content = `${venueId}|${body.direction}|${at}|${subjectKey}`;
    const fingerprint = this.deps.keyNames.of(`checkin-content:${content}`);
    const identity = body.source ? `source:${body.source.instance}|${body.source.eventId}` : `content:${content}`;
    return { eventKey: this.deps.keyNames.of(`checkin:${caller}|${identity}`), fingerprint };
  }

  /**
   * An event the schema refused, with what its time and venue say too where they have their shape
   * (a subject of the wrong shape, a time of `yesterday` and an unknown venue are told at once):
   * every reason at once, each field judged once. Nothing is resolved of a subject it refused.
   */
  private async withShapedReasons(reasons: CheckinReason[], body: unknown, now: Date): Promise<CheckinReason[]> {
    const [at, venue] = [unjudgedText(body, 'at', reasons), unjudgedText(body, 'venue', reasons)];
    const more: CheckinReason[] = [];
    if (at !== undefined) this.readTime(at, now, more);
    if (venue !== undefined) await this.readVenue(venue, more);
    return [...reasons, ...more];
  }

  private readTime(given: string, now: Date, reasons: CheckinReason[]): number | undefined {
    const parsed = parseDateTime(given);
    const past = parsed.ok ? pastInstant(parsed.value, timeBounds(now.toISOString(), this.deps.futureSkewMs)) : parsed;
    if (!past.ok) {
      reasons.push({ pointer: '/at', code: 'invalid-date', message: past.message });
      return undefined;
    }
    const at = Date.parse(past.value);
    if (this.deps.retention.isOver(past.value, now)) {
      reasons.push({
        pointer: '/at',
        code: 'past-retention',
        message: `is older than the ${this.deps.retention.days} days the gateway keeps a check-in`,
      });
      return undefined;
    }
    return at;
  }

  private async readVenue(given: string, reasons: CheckinReason[]): Promise<Venue | undefined> {
    const text = given.trim();
    let venueId: string | undefined;
    if (text.toUpperCase().startsWith(VENUE_QR_PREFIX)) {
      const status = await this.deps.venues.checkVenueQr(text);
      if (status.status === 'valid') venueId = status.venueId;
      else
        reasons.push({
          pointer: '/venue',
          code: `venue-qr-${status.reason}`,
          message: 'is not a venue code the gateway issued to a venue it holds',
        });
      if (!venueId) return undefined;
    } else if (VENUE_ID.test(text)) venueId = text;
    const venue = venueId ? await this.deps.venues.get(venueId) : undefined;
    if (!venue && reasons.every((r) => r.pointer !== '/venue'))
      reasons.push({ pointer: '/venue', code: 'unknown-venue', message: 'names no venue the gateway holds: give its QR text or its id' });
    return venue;
  }
}

const NOT_ITS_VENUE: CheckinReason = {
  pointer: '/venue',
  code: 'not-allowed',
  message:
    "is not a venue this caller registered: a person is checked in by identifiers or a platform's code only by the venue's own " +
    "registrant (its devices) or a citizens' app named in CHECKINS_ANY_VENUE; the citizen's unified QR, shown by its holder, anywhere",
};

const NOT_LIVE: CheckinReason = {
  pointer: '/at',
  code: 'not-allowed',
  message:
    `is more than ${CROSS_CALLER_PAIRING_MS / 60_000} minutes ago: at a venue this caller did not register, the citizen's code is taken ` +
    "only as it is scanned (a code scanned once must not place its holder anywhere, at any time); the venue's own registrant, or a " +
    "citizens' app named in CHECKINS_ANY_VENUE, sends it later",
};

function conflict(): CheckinOutcome {
  return {
    ok: false,
    conflict: true,
    reasons: [{ pointer: '/source/eventId', code: 'conflict', message: 'another event is stored under this source and event id' }],
  };
}

function modeOf(body: unknown): CheckinMode | 'unspecified' {
  const mode = typeof body === 'object' && body !== null ? (body as { mode?: unknown }).mode : undefined;
  return mode === 'self-scan' || mode === 'staff-scan' ? mode : 'unspecified';
}

/** Whether an event names its subject by the citizen's unified code (its signature is checked when it is resolved). */
function isUnifiedCode(subject: CheckinEvent['subject']): boolean {
  return typeof subject === 'string' && asUnifiedCode(subject) !== undefined;
}
