import { schemaReasons, type AdapterRegistry } from '../../adapters';
import schema from '../../schemas/checkin.v1.schema.json';
import type { CheckinEvent, CheckinMode, Stay } from '../domain/checkin';
import type { Retention } from '../domain/retention';
import { compileSchema } from '../domain/schema-compiler';
import type { Venue } from '../domain/venue';
import { parseDateTime } from '../normalize/dates';
import { pastInstant, timeBounds } from '../normalize/time-bounds';
import type { GatewayEvents } from '../operations/gateway-events';
import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';
import type { KeyNames } from '../store/key-names';
import type { RecordedCheckin, StayStore } from '../store/stay-store';
import { VENUE_QR_PREFIX } from '../venues/venue-qr';
import type { VenueService } from '../venues/venue-service';
import { resolveSubject, type CheckinReason, type ResolvedSubject } from './checkin-subject';
import { asRead, checkIn, checkOut, endOf, MAX_STAY_MS, type StayChange } from './stays';

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
}

export type CheckinOutcome = { ok: true; created: boolean; stay: Stay } | { ok: false; conflict: boolean; reasons: CheckinReason[] };

/** An event read, checked and resolved: everything its write needs. */
interface ReadEvent {
  venue: Venue;
  direction: 'in' | 'out';
  at: number;
  subject: ResolvedSubject;
  eventKey: string;
  fingerprint: string;
  stayId: string;
}

/**
 * Venue check-ins: an event read (its venue, its time, its subject resolved without creating
 * anyone), recognised when replayed, and turned into stays by the rules of stays.ts. A check-in is
 * not a declaration: it never touches a citizen's declarations, so it never changes a checkpoint's
 * answer. Events of one citizen are applied one at a time in this process, since each reads the
 * stay the one before it may have opened.
 */
export class CheckinService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: CheckinServiceDependencies) {}

  async checkin(body: unknown): Promise<CheckinOutcome> {
    const mode: CheckinMode | 'unspecified' = modeOf(body);
    const outcome = await this.take(body);
    this.deps.events?.emit('checked-in', {
      mode,
      result: outcome.ok ? (outcome.created ? 'created' : 'replayed') : outcome.conflict ? 'conflict' : 'refused',
    });
    return outcome;
  }

  /** The citizen's stays, newest first, within the retention window. */
  async staysOf(citizenId: string): Promise<Stay[]> {
    const now = this.deps.clock().getTime();
    const stays = await this.deps.stays.citizenStays(citizenId, now - this.deps.retention.ms - MAX_STAY_MS, Infinity, STAYS_SHOWN);
    return stays.map(asRead);
  }

  private async take(body: unknown): Promise<CheckinOutcome> {
    const now = this.deps.clock();
    const read = await this.read(body, now);
    if (!read.ok) return { ok: false, conflict: false, reasons: read.reasons };
    const event = read.event;
    return this.serially(event.subject.citizenId ?? event.stayId, async () => {
      const recorded = await this.deps.stays.getCheckin(event.eventKey);
      if (recorded) return this.replay(recorded, event);
      const stay = await this.apply(event, now);
      // Recorded last, once every stay is stored: an event whose record is missing is applied again, harmlessly.
      const first = await this.deps.stays.recordCheckin(
        event.eventKey,
        { fingerprint: event.fingerprint, stay },
        event.at + this.deps.retention.ms - now.getTime(),
      );
      return first.first ? { ok: true, created: true, stay } : this.replay(first.recorded, event);
    });
  }

  private replay(recorded: RecordedCheckin, event: ReadEvent): CheckinOutcome {
    if (recorded.fingerprint !== event.fingerprint)
      return {
        ok: false,
        conflict: true,
        reasons: [{ pointer: '/source/eventId', code: 'conflict', message: 'another event is stored under this source and event id' }],
      };
    return { ok: true, created: false, stay: recorded.stay };
  }

  /** Writes what the event changes, every stay in both its slots, before answering. */
  private async apply(event: ReadEvent, now: Date): Promise<Stay> {
    const { citizenId } = event.subject;
    const recent = citizenId ? await this.deps.stays.citizenStays(citizenId, event.at - MAX_STAY_MS, event.at, STAYS_SHOWN) : [];
    const stayEvent = {
      stayId: event.stayId,
      venueId: event.venue.venueId,
      citizenId,
      at: event.at,
      defaultStayMinutes: event.venue.defaultStayMinutes,
    };
    const change: StayChange = event.direction === 'in' ? checkIn(recent, stayEvent) : checkOut(recent, stayEvent);
    const forgetBeforeMs = now.getTime() - this.deps.retention.ms - MAX_STAY_MS;
    for (const stay of change.writes) {
      await this.deps.stays.putStay(stay, { keepForMs: endOf(stay) + this.deps.retention.ms - now.getTime(), forgetBeforeMs });
    }
    // Counted once written: a retried event writes nothing and closes nothing again.
    for (const stay of change.writes) if (stay.outSource) this.deps.events?.emit('stay-closed', { outSource: stay.outSource });
    return asRead(change.answer);
  }

  /** Reads and checks an event, every reason at once; nothing is written for a refused one. */
  private async read(body: unknown, now: Date): Promise<{ ok: true; event: ReadEvent } | { ok: false; reasons: CheckinReason[] }> {
    if (!validateEvent(body)) return { ok: false, reasons: schemaReasons(validateEvent.errors) };
    const reasons: CheckinReason[] = [];
    const at = this.readTime(body.at, now, reasons);
    const [venue, subject] = await Promise.all([
      this.readVenue(body.venue, reasons),
      resolveSubject(body.subject, now, { registry: this.deps.registry, store: this.deps.store, unifiedQr: this.deps.unifiedQr }),
    ]);
    if (!subject.ok) reasons.push(...subject.reasons);
    if (reasons.length > 0 || at === undefined || !venue || !subject.ok) return { ok: false, reasons };
    const content = `${venue.venueId}|${body.direction}|${at}|${subject.subject.key}`;
    const fingerprint = this.deps.keyNames.of(`checkin-content:${content}`);
    const identity = body.source ? `source:${body.source.instance}|${body.source.eventId}` : `content:${content}`;
    const eventKey = this.deps.keyNames.of(`checkin:${identity}`);
    const stayId = `sty_${this.deps.keyNames.of(`stay:${identity}`).slice(0, 22)}`;
    return { ok: true, event: { venue, direction: body.direction, at, subject: subject.subject, eventKey, fingerprint, stayId } };
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

  /** Runs `work` after every earlier work of the same key in this process has ended. */
  private async serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.catch(() => {});
    this.queues.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    }
  }
}

function modeOf(body: unknown): CheckinMode | 'unspecified' {
  const mode = typeof body === 'object' && body !== null ? (body as { mode?: unknown }).mode : undefined;
  return mode === 'self-scan' || mode === 'staff-scan' ? mode : 'unspecified';
}
