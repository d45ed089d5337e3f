import { setMaxListeners } from 'node:events';
import { GatewayError } from '../errors/gateway-error';
import { StoreUnavailable } from '../store/store-errors';

/** The work did not finish within its budget: it may still finish behind the answer, but nobody waits for it. */
export class DeadlineExceeded extends GatewayError {
  readonly code = 'deadline-exceeded';
}

/**
 * What a platform call needs of the time it has: a signal that cancels it, the time left (no
 * retry starts that cannot finish), and a pause that ends early when the time is up. A scan's
 * Deadline is one; a call shared by several scans has its own (single-flight.ts).
 */
export interface CallDeadline {
  readonly signal: AbortSignal;
  remainingMs(): number;
  /** Waits `ms`, or less if the time runs out first; resolves false when it did. */
  sleep(ms: number): Promise<boolean>;
}

/** Waits `ms` unless that is `remainingMs` or more, or `signal` aborts first; false when it did not wait it out. */
export function pauseWithin(ms: number, remainingMs: number, signal: AbortSignal): Promise<boolean> {
  if (ms >= remainingMs || signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One scan's time budget: every call made for the scan is cancelled when it runs out, and no call
 * (nor a retry) starts that could not finish within it. The scan ends it (`end`) once answered:
 * AbortSignal.timeout's timer could not be cleared, so it fired after every scan and built a
 * DOMException with its stack, several per cent of a scan's CPU (issue 12).
 */
export class Deadline implements CallDeadline {
  readonly signal: AbortSignal;
  private readonly expiresAt: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /**
   * The races waiting on the deadline, told in the order they began by one listener on the signal:
   * an EventTarget listener added and removed per race (two or three a scan) cost more than the race.
   */
  private racers?: Set<() => void>;

  constructor(
    budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.expiresAt = now() + budgetMs;
    this.signal = this.controller.signal;
    // The reason AbortSignal.timeout gives: an abort that is not a platform's timeout (http-lookup.ts reads it so).
    this.timer = setTimeout(() => this.controller.abort(new DOMException('the deadline came', 'TimeoutError')), budgetMs);
    // One listener per platform call and store read of the scan: more than node's default warning level of 10.
    setMaxListeners(64, this.signal);
  }

  /** The scan is answered: its timer is cleared (nothing made for the scan still listens; an ended deadline never aborts). */
  end(): void {
    clearTimeout(this.timer);
  }

  /** The work's outcome, or a DeadlineExceeded rejection when the deadline comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new DeadlineExceeded('the deadline came before the work finished'));
      if (this.signal.aborted) onAbort();
      else this.racing(onAbort);
      // A late outcome settles an already settled promise: it is dropped, never an unhandled rejection.
      work.then(
        (value) => {
          this.racers?.delete(onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.racers?.delete(onAbort);
          reject(error);
        },
      );
    });
  }

  private racing(onAbort: () => void): void {
    if (this.racers === undefined) {
      const racers = new Set<() => void>();
      this.racers = racers;
      this.signal.addEventListener('abort', () => racers.forEach((tell) => tell()), { once: true });
    }
    this.racers.add(onAbort);
  }

  /**
   * A store read that must not hold its caller past the deadline: undefined when the store could not
   * answer in time (unavailable, or too slow), so the caller says what it could not look up. Any
   * other failure is a defect and goes on.
   */
  async within<T>(read: Promise<T>): Promise<T | undefined> {
    try {
      return await this.race(read);
    } catch (error) {
      if (error instanceof DeadlineExceeded || error instanceof StoreUnavailable) return undefined;
      throw error;
    }
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  /** Waits `ms`, or less if the deadline comes first; resolves false when it did. */
  sleep(ms: number): Promise<boolean> {
    return pauseWithin(ms, this.remainingMs(), this.signal);
  }
}
