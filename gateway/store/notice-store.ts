import type { ExposureNotice, NoticeStatus } from '../domain/exposure-notice';
import { StoreFull } from './store-errors';

/** Where a page of notices starts: after this notice (newest first, by issue time then id). */
export interface NoticeCursor {
  issuedAtMs: number;
  noticeId: string;
}

/** A compare-and-set's outcome: the notice as stored after it, and whether this write made it so. */
export interface Transition {
  changed: boolean;
  notice: ExposureNotice;
}

/**
 * Where exposure notices are kept. Two implementations keep the same contract
 * (test/store/notice-store-contract.ts): Redis (single node or cluster) and in memory. A notice is
 * kept `keepForMs` from its issue (14 days after its window ends), then goes by itself.
 */
export interface NoticeStore {
  /** Stores a new notice unless its id is taken; false when it is (the caller draws another id). Atomic. */
  addNotice(notice: ExposureNotice, keepForMs: number): Promise<boolean>;
  getNotice(noticeId: string): Promise<ExposureNotice | undefined>;
  /**
   * Compare-and-set: stores `next` (the same notice in its new state) only while the stored one's
   * status is `expected`, and keeps the active index with it, atomically. Undefined when there is no
   * such notice (never issued, or gone with its retention).
   */
  transition(next: ExposureNotice, expected: NoticeStatus): Promise<Transition | undefined>;
  /** At most `limit` notices, newest first, after `after`. */
  listNotices(limit: number, after?: NoticeCursor): Promise<ExposureNotice[]>;
  /** Every active notice: read on every scan (through a short cache), so it reads the active index only. */
  activeNotices(): Promise<ExposureNotice[]>;
}

/** Newest first: by issue time, then by id (notices issued in the same millisecond). */
export function newestFirst(a: NoticeCursor, b: NoticeCursor): number {
  return b.issuedAtMs - a.issuedAtMs || (a.noticeId < b.noticeId ? 1 : a.noticeId > b.noticeId ? -1 : 0);
}

export function cursorOf(notice: ExposureNotice): NoticeCursor {
  return { issuedAtMs: Date.parse(notice.issuedAt), noticeId: notice.noticeId };
}

interface Kept {
  notice: ExposureNotice;
  expiresAt: number;
}

/** The sandbox's notices: expired ones are skipped on read and swept at every write; past `maxNotices`, StoreFull (a 503). */
export class MemoryNoticeStore implements NoticeStore {
  private readonly notices = new Map<string, Kept>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxNotices = 10_000,
  ) {}

  async addNotice(notice: ExposureNotice, keepForMs: number): Promise<boolean> {
    this.sweep();
    if (this.live(notice.noticeId)) return false;
    if (this.notices.size >= this.maxNotices) throw new StoreFull(`the in-memory store holds its maximum of ${this.maxNotices} notices`);
    this.notices.set(notice.noticeId, { notice: structuredClone(notice), expiresAt: this.now() + keepForMs });
    return true;
  }

  async getNotice(noticeId: string): Promise<ExposureNotice | undefined> {
    const notice = this.live(noticeId);
    return notice && structuredClone(notice);
  }

  async transition(next: ExposureNotice, expected: NoticeStatus): Promise<Transition | undefined> {
    const kept = this.notices.get(next.noticeId);
    if (!kept || !this.live(next.noticeId)) return undefined;
    if (kept.notice.status !== expected) return { changed: false, notice: structuredClone(kept.notice) };
    kept.notice = structuredClone(next);
    return { changed: true, notice: structuredClone(next) };
  }

  async listNotices(limit: number, after?: NoticeCursor): Promise<ExposureNotice[]> {
    return this.all()
      .filter((n) => !after || newestFirst(after, cursorOf(n)) < 0)
      .slice(0, limit);
  }

  async activeNotices(): Promise<ExposureNotice[]> {
    return this.all().filter((n) => n.status === 'active');
  }

  private all(): ExposureNotice[] {
    const live = [...this.notices.keys()].flatMap((id) => this.live(id) ?? []);
    return live.sort((a, b) => newestFirst(cursorOf(a), cursorOf(b))).map((n) => structuredClone(n));
  }

  private live(noticeId: string): ExposureNotice | undefined {
    const kept = this.notices.get(noticeId);
    return kept && kept.expiresAt > this.now() ? kept.notice : undefined;
  }

  /** Drops what has expired: a few hundred notices at most, so every write may look. */
  sweep(): void {
    const now = this.now();
    for (const [id, kept] of this.notices) if (kept.expiresAt <= now) this.notices.delete(id);
  }
}
