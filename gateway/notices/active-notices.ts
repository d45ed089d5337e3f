import type { ExposureNotice } from '../domain/exposure-notice';
import type { NoticeStore } from '../store/notice-store';

/**
 * How long this process reuses its read of the active notices. Every scan asks for them; a second
 * keeps that one read of the store a second per process, and bounds how long a withdrawal made by
 * another process goes unseen here. A change made by this process is seen at once (`forget`).
 */
export const ACTIVE_NOTICES_CACHE_MS = 1000;

/**
 * The active notices, read at most once per ACTIVE_NOTICES_CACHE_MS (real time, not the gateway's
 * clock); readers at once share one read, but not one older than that: a read the store never
 * answers would otherwise hold every later scan of this process to it.
 */
export class ActiveNotices {
  private cached: { notices: ExposureNotice[]; readAt: number } | undefined;
  private reading: Promise<ExposureNotice[]> | undefined;
  private readingSince = 0;
  private generation = 0;

  constructor(
    private readonly store: NoticeStore,
    private readonly cacheMs = ACTIVE_NOTICES_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  read(): Promise<ExposureNotice[]> {
    if (this.cached && this.now() - this.cached.readAt < this.cacheMs) return Promise.resolve(this.cached.notices);
    const readAt = this.now();
    if (this.reading && readAt - this.readingSince < this.cacheMs) return this.reading;
    const generation = this.generation;
    const reading = this.store.activeNotices().then((notices) => {
      // A read begun before a change made here would bring back what the change ended: not kept.
      if (generation === this.generation && !(this.cached && this.cached.readAt > readAt)) this.cached = { notices, readAt };
      return notices;
    });
    this.reading = reading;
    this.readingSince = readAt;
    const done = () => {
      if (this.reading === reading) this.reading = undefined;
    };
    reading.then(done, done);
    return reading;
  }

  /**
   * Starts the read when the cache is due, or joins the one under way, without waiting; nothing at
   * all while the cache is fresh (a scan's every call, so no promise is made for it then). A failure
   * is answered to whoever reads next, who shares the same read; here it is only not left unhandled.
   */
  readAhead(): void {
    if (this.cached && this.now() - this.cached.readAt < this.cacheMs) return;
    this.read().catch(() => {});
  }

  /** A notice changed in this process: the next read goes to the store. */
  forget(): void {
    this.generation++;
    this.cached = undefined;
    this.reading = undefined;
  }
}
