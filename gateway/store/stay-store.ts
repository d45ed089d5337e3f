import { endOf, MAX_STAY_MS } from '../checkins/stays';
import type { Stay, StoredStay } from '../domain/checkin';
import { StoreFull } from './store-errors';

/** The first answer given to a check-in event, kept for its replays; `fingerprint` tells another event under the same source id. */
export interface RecordedCheckin {
  fingerprint: string;
  stay: Stay;
}

/** How long a write is kept: relative, so the gateway's clock says how old a stay is and the store's own clock how time passes. */
export interface Keep {
  keepForMs: number;
  /** Index entries of stays started before this instant (epoch ms) are certainly gone and may be dropped. */
  forgetBeforeMs: number;
}

/**
 * Where check-ins and stays are kept, beside the citizen store rather than in it. Two
 * implementations keep the same contract (test/store/stay-store-contract.ts): Redis (single node
 * or cluster) and in memory. Every write is keyed by its stay id or event key and may be repeated.
 */
export interface StayStore {
  /** The first answer recorded for a check-in event (its key: a keyed hash, never personal data). */
  getCheckin(eventKey: string): Promise<RecordedCheckin | undefined>;
  /** Records the answer unless one is recorded already (atomic); answers the recorded one, and whether it is this one. */
  recordCheckin(eventKey: string, recorded: RecordedCheckin, keepForMs: number): Promise<{ first: boolean; recorded: RecordedCheckin }>;
  /** Writes a stay whole, by its venue and, when linked, by its citizen; writing it again is harmless. */
  putStay(stay: StoredStay, keep: Keep): Promise<void>;
  /** The citizen's stays that started from `fromMs` to `toMs` (inclusive), newest first, at most `limit`. */
  citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]>;
  /** The venue's stays that started from `fromMs` to `toMs` (inclusive), oldest first: what a tracing query reads. */
  venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]>;
  /**
   * The venue's stays that overlap [fromMs, toMs), both half-open (a stay's end as stored or, never
   * closed, its auto end), oldest first, at most `limit`; `more` when the venue holds more. Read by
   * start time, a page at a time, from MAX_STAY_MS before `fromMs` (no stay lasts longer: see
   * stays.ts) to `toMs`, so a tracing query costs the stays of its window, not the store.
   */
  venueStaysOverlapping(venueId: string, fromMs: number, toMs: number, limit: number): Promise<OverlappingStays>;
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

/** The sandbox's stays: expired entries are skipped on read and swept now and then; past `maxStays`, StoreFull (a 503). */
export class MemoryStayStore implements StayStore {
  private readonly checkins = new Map<string, Kept<RecordedCheckin>>();
  private readonly stays = new Map<string, Kept<StoredStay>>();
  private readonly byVenue = new Map<string, Set<string>>();
  private readonly byCitizen = new Map<string, Set<string>>();
  private writes = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxStays = 1_000_000,
  ) {}

  async getCheckin(eventKey: string): Promise<RecordedCheckin | undefined> {
    return this.live(this.checkins.get(eventKey));
  }

  async recordCheckin(
    eventKey: string,
    recorded: RecordedCheckin,
    keepForMs: number,
  ): Promise<{ first: boolean; recorded: RecordedCheckin }> {
    const held = this.live(this.checkins.get(eventKey));
    if (held) return { first: false, recorded: held };
    this.tick();
    this.checkins.set(eventKey, { value: structuredClone(recorded), expiresAt: this.now() + keepForMs });
    return { first: true, recorded: structuredClone(recorded) };
  }

  async putStay(stay: StoredStay, { keepForMs }: Keep): Promise<void> {
    if (!this.stays.has(stay.stayId) && this.stays.size >= this.maxStays)
      throw new StoreFull(`the in-memory store holds its maximum of ${this.maxStays} stays`);
    this.tick();
    this.stays.set(stay.stayId, { value: structuredClone(stay), expiresAt: this.now() + keepForMs });
    indexed(this.byVenue, stay.venueId).add(stay.stayId);
    if (stay.citizenId) indexed(this.byCitizen, stay.citizenId).add(stay.stayId);
  }

  async citizenStays(citizenId: string, fromMs: number, toMs: number, limit: number): Promise<StoredStay[]> {
    return this.between(this.byCitizen.get(citizenId), fromMs, toMs).reverse().slice(0, limit);
  }

  async venueStays(venueId: string, fromMs: number, toMs: number): Promise<StoredStay[]> {
    return this.between(this.byVenue.get(venueId), fromMs, toMs);
  }

  async venueStaysOverlapping(venueId: string, fromMs: number, toMs: number, limit: number): Promise<OverlappingStays> {
    const started = this.between(this.byVenue.get(venueId), earliestStartBefore(fromMs) + 1, toMs - 1);
    const stays = started.filter((stay) => overlapsWindow(stay, fromMs, toMs));
    return { stays: stays.slice(0, limit), more: stays.length > limit };
  }

  private between(ids: Set<string> | undefined, fromMs: number, toMs: number): StoredStay[] {
    const found: StoredStay[] = [];
    for (const id of ids ?? []) {
      const stay = this.live(this.stays.get(id));
      const start = stay && Date.parse(stay.in);
      if (stay && (start as number) >= fromMs && (start as number) <= toMs) found.push(stay);
    }
    return found.sort((a, b) => Date.parse(a.in) - Date.parse(b.in) || a.stayId.localeCompare(b.stayId));
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
    for (const [key, kept] of this.checkins) if (kept.expiresAt <= now) this.checkins.delete(key);
    for (const [id, kept] of this.stays) {
      if (kept.expiresAt > now) continue;
      this.stays.delete(id);
      this.byVenue.get(kept.value.venueId)?.delete(id);
      if (kept.value.citizenId) this.byCitizen.get(kept.value.citizenId)?.delete(id);
    }
    for (const index of [this.byVenue, this.byCitizen]) for (const [key, ids] of index) if (ids.size === 0) index.delete(key);
  }
}

function indexed(index: Map<string, Set<string>>, key: string): Set<string> {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  return ids;
}
