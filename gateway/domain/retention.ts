const DAY_MS = 86_400_000;

/** DECLARATION_RETENTION_DAYS' default: the checkpoint policy looks back 14 days, the authorities twice that. */
export const DEFAULT_RETENTION_DAYS = 28;
/** CHECKIN_RETENTION_DAYS' default (issue 9): three weeks, the policy's 14 days and a week for tracers to reach a venue's people. */
export const DEFAULT_CHECKIN_RETENTION_DAYS = 21;
/** Shorter than the policy's longest window and a checkpoint would forget a red citizen it must still see. */
export const MIN_RETENTION_DAYS = 14;

/**
 * How long personal data is kept. A declaration, and what the gateway learned only from it, is
 * forgotten `days` after the time it speaks of (its `declaredAt`); a citizen keeps their identity
 * (identifiers, the platforms that know them) and their QR, which are what a later record joins by.
 */
export class Retention {
  readonly ms: number;

  constructor(readonly days: number) {
    this.ms = days * DAY_MS;
  }

  /** The instant (ms since the epoch) a declaration declared at `declaredAt` must be gone by. */
  endOf(declaredAt: string): number {
    return Date.parse(declaredAt) + this.ms;
  }

  /** Whether a declaration declared at `declaredAt` is already past its retention at `now`. */
  isOver(declaredAt: string, now: Date): boolean {
    return this.endOf(declaredAt) <= now.getTime();
  }
}
