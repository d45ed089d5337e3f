import { endOf, MAX_STAY_MS } from '../checkins/stays';
import type { CheckinStay, StoredStay } from '../domain/checkin';
import { StoreFull } from './store-errors';

/** The first answer given to a check-in event, kept for its replays; `fingerprint` tells another event under the same source id. */
export interface RecordedCheckin {
  fingerprint: string;
  stay: CheckinStay;
  /** The version of the unified QR the event was recorded with, when its subject was one. */
  qrVersion?: number;
}

/**
 * What claiming an event key found: `claimed`, this call took it (nothing was there); `pending`,
 * an event took it and has not finished (crashed, or running now elsewhere); `done`, its answer.
 */
export type CheckinClaim = { state: 'claimed' } | { state: 'pending'; fingerprint: string } | { state: 'done'; recorded: RecordedCheckin };

/** How long a write is kept: relative, so the gateway's clock says how old a stay is and the store's own clock how time passes. */
export interface Keep {
  keepForMs: number;
  /** Index entries of stays started before this instant (epoch ms) are certainly gone and may be dropped. */
  forgetBeforeMs: number;
}

/** A stay to write, and how long to keep it. */
export interface StayWrite {
  stay: StoredStay;
  keepForMs: number;
}

/** A stay as its citizen's slot holds it, with `rev`: the citizen's write that last wrote it. */
export interface RevStay {
  stay: StoredStay;
  rev: number;
}

/** A citizen's stays read for a write: `rev` read first, so a write in between makes the compare-and-set fail. */
export interface CitizenStays {
  rev: number;
  stays: RevStay[];
}

/**
 * Where check-ins and stays are kept, beside the citizen store rather than in it. Two
 * implementations keep the same contract (test/store/stay-store-contract.ts): Redis (single node
 * or cluster) and in memory.
 *
 * A linked stay has two copies: the citizen's (authoritative: every change of a citizen's stays is
 * a compare-and-set of the citizen's `rev`, one step, so two gateways applying that citizen's
 * events at once cannot lose one) and the venue's (what tracing reads: replaced only by a higher
 * rev, so a late copy never undoes a newer one). Every key is written with its expiry in the same step.
 */
export interface StayStore {
  /** Takes an event key (a keyed hash, never personal data) as pending with its fingerprint, unless taken: then what holds it. */
  claimCheckin(eventKey: string, fingerprint: string, keepForMs: number): Promise<CheckinClaim>;
  /** Records the answer of a claimed event, unless one is recorded already; answers the recorded one. */
  completeCheckin(eventKey: string, recorded: RecordedCheckin, keepForMs: number): Promise<RecordedCheckin>;
  /** The answer recorded for an event key; undefined while pending or once gone. */
  getCheckin(eventKey: string): Promise<RecordedCheckin | undefined>;
  /** The citizen's rev, then the stays started from `fromMs` to `toMs` (inclusive), oldest first. */
  readCitizen(citizenId: string, fromMs: number, toMs: number): Promise<CitizenStays>;
  /** Writes the stays in the citizen's slot, one step, when its rev is still `expectedRev`: the new rev; undefined when it moved. */
  writeCitizen(citizenId: string, expectedRev: number, writes: StayWrite[], forgetBeforeMs: number): Promise<number | undefined>;
  /** Writes a stay's venue copy unless the copy held has this rev or a higher one. */
  copyToVenue(write: StayWrite & { rev: number }, forgetBeforeMs: number): Promise<void>;
  /** The citizen's stays that started from `fromMs` to `toMs` (inclusive), newest first, at most `limit`. */
  citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]>;
  /** The venue's stays that started from `fromMs` to `toMs` (inclusive), oldest first: what a tracing query reads. */
  venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]>;
  /**
   * Whether the citizen still holds each of these stays (by id), in their own copy, the one every
   * event reads and writes first (a venue's copy may lag behind it): what a tracing query found
   * may have gone since.
   */
  heldByCitizen(citizenId: string, stayIds: string[]): Promise<boolean[]>;
  /**
   * The venue's stays that overlap [fromMs, toMs), both half-open (a stay's end as stored or, never
   * closed, its auto end), oldest first, at most `limit`; `more` when the venue holds more. Read by
   * start time, a page at a time, from MAX_STAY_MS before `fromMs` (no stay lasts longer: see
   * stays.ts) to `toMs`, so a tracing query costs the stays of its window, not the store.
   */
  venueStaysOverlapping(venueId: string, fromMs: number, toMs: number, limit: number): Promise<OverlappingStays>;
}

/** Writes one stay in both its copies, whatever the citizen's rev: for tests and tools, never for an event (which reads first). */
export async function putStay(store: StayStore, stay: StoredStay, { keepForMs, forgetBeforeMs }: Keep): Promise<void> {
  let rev = 1;
  if (stay.citizenId) {
    for (;;) {
      const read = await store.readCitizen(stay.citizenId, 0, 0);
      const written = await store.writeCitizen(stay.citizenId, read.rev, [{ stay, keepForMs }], forgetBeforeMs);
      if (written !== undefined) {
        rev = written;
        break;
      }
    }
  }
  await store.copyToVenue({ stay, keepForMs, rev }, forgetBeforeMs);
}

/** A tracing read of one venue: the stays found, and whether more were left unread past the limit. */
export interface OverlappingStays {
  stays: StoredStay[];
  more: boolean;
}

/** Whether a stay as stored, [in, its end), overlaps [fromMs, toMs): the store's own cut, before the tracer's reading. */
export function overlapsWindow(stay: StoredStay, fromMs: number, toMs: number): boolean {
  return Date.parse(stay.in) < toMs && endOf(stay) > fromMs;
}

/** The earliest start a stay overlapping a window beginning at `fromMs` can have (excluded). */
export const earliestStartBefore = (fromMs: number): number => fromMs - MAX_STAY_MS;

interface Kept<T> {
  value: T;
  expiresAt: number;
}

/** How many writes between two sweeps of what has expired. */
const SWEEP_EVERY = 1024;

/** The sandbox's stays: expired entries are skipped on read and swept now and then; past `maxStays` stays or event records, StoreFull (a 503). */
export class MemoryStayStore implements StayStore {
  private readonly checkins = new Map<string, Kept<{ fingerprint: string; stay?: CheckinStay; qrVersion?: number }>>();
  private readonly revs = new Map<string, Kept<number>>();
  private readonly byCitizen = new Map<string, Map<string, Kept<RevStay>>>();
  private readonly byVenue = new Map<string, Map<string, Kept<RevStay>>>();
  private writes = 0;
  private stayCount = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxStays = 1_000_000,
  ) {}

  async claimCheckin(eventKey: string, fingerprint: string, keepForMs: number): Promise<CheckinClaim> {
    const held = this.live(this.checkins.get(eventKey));
    if (held)
      return held.stay
        ? { state: 'done', recorded: recordedOf(held as RecordedCheckin) }
        : { state: 'pending', fingerprint: held.fingerprint };
    if (this.checkins.size >= this.maxStays) this.sweep();
    if (this.checkins.size >= this.maxStays) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxStays} check-ins`);
    this.tick();
    this.checkins.set(eventKey, { value: { fingerprint }, expiresAt: this.now() + keepForMs });
    return { state: 'claimed' };
  }

  async completeCheckin(eventKey: string, recorded: RecordedCheckin, keepForMs: number): Promise<RecordedCheckin> {
    const held = this.live(this.checkins.get(eventKey));
    if (held?.stay) return recordedOf(held as RecordedCheckin);
    this.checkins.set(eventKey, { value: structuredClone(recorded), expiresAt: this.now() + keepForMs });
    return structuredClone(recorded);
  }

  async getCheckin(eventKey: string): Promise<RecordedCheckin | undefined> {
    const held = this.live(this.checkins.get(eventKey));
    return held?.stay ? recordedOf(held as RecordedCheckin) : undefined;
  }

  async readCitizen(citizenId: string, fromMs: number, toMs: number): Promise<CitizenStays> {
    return { rev: this.live(this.revs.get(citizenId)) ?? 0, stays: this.between(this.byCitizen.get(citizenId), fromMs, toMs) };
  }

  async writeCitizen(citizenId: string, expectedRev: number, writes: StayWrite[], forgetBeforeMs: number): Promise<number | undefined> {
    const held = this.live(this.revs.get(citizenId)) ?? 0;
    if (held !== expectedRev) return undefined;
    const slot = indexed(this.byCitizen, citizenId);
    // A citizen's slot is small (a day's stays matter): pruned on every write. A venue's is left to the sweep.
    for (const [id, kept] of slot) if (Date.parse(kept.value.stay.in) < forgetBeforeMs && slot.delete(id)) this.stayCount -= 1;
    const fresh = writes.filter((w) => !slot.has(w.stay.stayId)).length;
    if (this.size() + fresh > this.maxStays) this.sweep();
    if (this.size() + fresh > this.maxStays) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxStays} stays`);
    const rev = held + 1;
    this.stayCount += fresh;
    let longest = Math.max(0, (this.revs.get(citizenId)?.expiresAt ?? 0) - this.now());
    for (const { stay, keepForMs } of writes) {
      this.tick();
      slot.set(stay.stayId, { value: { stay: structuredClone(stay), rev }, expiresAt: this.now() + keepForMs });
      longest = Math.max(longest, keepForMs);
    }
    this.revs.set(citizenId, { value: rev, expiresAt: this.now() + longest });
    return rev;
  }

  async copyToVenue({ stay, keepForMs, rev }: StayWrite & { rev: number }): Promise<void> {
    const slot = indexed(this.byVenue, stay.venueId);
    const held = this.live(slot.get(stay.stayId));
    if (held && held.rev >= rev) return;
    if (!held && this.size() >= this.maxStays) this.sweep();
    if (!held && this.size() >= this.maxStays) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxStays} stays`);
    if (!slot.has(stay.stayId)) this.stayCount += 1;
    this.tick();
    slot.set(stay.stayId, { value: { stay: structuredClone(stay), rev }, expiresAt: this.now() + keepForMs });
  }

  async citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]> {
    return this.between(this.byCitizen.get(citizenId), fromMs, toMs)
      .reverse()
      .slice(0, limit)
      .map((s) => s.stay);
  }

  async venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    return this.between(this.byVenue.get(venueId), fromMs, toMs).map((s) => s.stay);
  }

  async heldByCitizen(citizenId: string, stayIds: string[]): Promise<boolean[]> {
    const slot = this.byCitizen.get(citizenId);
    return stayIds.map((id) => this.live(slot?.get(id)) !== undefined);
  }

  async venueStaysOverlapping(venueId: string, fromMs: number, toMs: number, limit: number): Promise<OverlappingStays> {
    const started = this.between(this.byVenue.get(venueId), earliestStartBefore(fromMs) + 1, toMs - 1).map((s) => s.stay);
    const stays = started.filter((stay) => overlapsWindow(stay, fromMs, toMs));
    return { stays: stays.slice(0, limit), more: stays.length > limit };
  }

  private between(slot: Map<string, Kept<RevStay>> | undefined, fromMs: number, toMs: number): RevStay[] {
    const found: RevStay[] = [];
    for (const kept of slot?.values() ?? []) {
      const held = this.live(kept);
      const start = held && Date.parse(held.stay.in);
      if (held && (start as number) >= fromMs && (start as number) <= toMs) found.push(held);
    }
    // Ties by id in code-unit order, as a Redis sorted set orders equal scores (by bytes; ids are ASCII), never by locale.
    return found.sort((a, b) => Date.parse(a.stay.in) - Date.parse(b.stay.in) || byCodeUnits(a.stay.stayId, b.stay.stayId));
  }

  /** Stays held, counting each copy: the cap is on memory, not on people. */
  private size(): number {
    return this.stayCount;
  }

  private live<T>(kept: Kept<T> | undefined): T | undefined {
    return kept && kept.expiresAt > this.now() ? structuredClone(kept.value) : undefined;
  }

  private tick(): void {
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  /** Drops what has expired, so that memory holds the retention window, not the sandbox's whole life. */
  sweep(): void {
    const now = this.now();
    for (const kept of [this.checkins, this.revs]) for (const [key, k] of kept) if (k.expiresAt <= now) kept.delete(key);
    for (const index of [this.byCitizen, this.byVenue])
      for (const [key, slot] of index) {
        for (const [id, kept] of slot) if (kept.expiresAt <= now && slot.delete(id)) this.stayCount -= 1;
        if (slot.size === 0) index.delete(key);
      }
  }
}

function indexed<T>(index: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let slot = index.get(key);
  if (!slot) index.set(key, (slot = new Map()));
  return slot;
}

/** A recorded check-in as this store hands it out: what was kept, the QR version only where one was recorded. */
function recordedOf({ fingerprint, stay, qrVersion }: RecordedCheckin): RecordedCheckin {
  return { fingerprint, stay, ...(qrVersion === undefined ? {} : { qrVersion }) };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
