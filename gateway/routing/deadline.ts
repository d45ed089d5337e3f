import { GatewayError } from '../errors/gateway-error';
import { StoreUnavailable } from '../store/store-errors';

/** The work did not finish within its budget: it may still finish behind the answer, but nobody waits for it. */
export class DeadlineExceeded extends GatewayError {
  readonly code = 'deadline-exceeded';
}

/** What onCancel returns for a listener called at once: there is nothing to remove. */
const NOTHING = (): void => {};

/**
 * Cancellation told by callbacks, not by an AbortSignal: node 20 sets each signal's prototype as
 * it makes it (3.7-5.8 µs a signal on a slow machine) and an EventTarget listener costs more again,
 * where a scan made one signal for its deadline and one for each platform call's flight, with
 * listeners between them (README, What bounds the targets not met). Only the platform client's
 * attempt, which takes an AbortSignal, makes one (guarded-lookup.ts).
 */
export class Cancellation {
  private listeners: Set<(reason: unknown) => void> | undefined;
  private isCancelled = false;
  private why: unknown;

  get cancelled(): boolean {
    return this.isCancelled;
  }

  /** Why it was cancelled (undefined before). */
  get reason(): unknown {
    return this.why;
  }

  /** Calls `listener` once when cancelled, at once when it is already; returns what removes it. */
  onCancel(listener: (reason: unknown) => void): () => void {
    if (this.isCancelled) {
      listener(this.why);
      return NOTHING;
    }
    const listeners = (this.listeners ??= new Set());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Tells every listener, in the order they came, once; then holds none of them. A listener that
   * throws stops none of the others: its error is thrown again on the next tick, uncaught, as an
   * EventTarget's listener's was.
   */
  protected cancel(reason: unknown): void {
    if (this.isCancelled) return;
    this.isCancelled = true;
    this.why = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    listeners?.forEach((listener) => {
      try {
        listener(reason);
      } catch (error) {
        process.nextTick(() => {
          throw error;
        });
      }
    });
    listeners?.clear();
  }
}

/**
 * What a platform call needs of the time it has: a cancellation that ends it, the time left (no
 * retry starts that cannot finish), and a pause that ends early when the time is up. A scan's
 * Deadline is one; a call shared by several scans has its own (single-flight.ts).
 */
export interface CallDeadline {
  readonly cancelled: boolean;
  readonly reason: unknown;
  onCancel(listener: (reason: unknown) => void): () => void;
  remainingMs(): number;
  /** Waits `ms`, or less if the time runs out first; resolves false when it did. */
  sleep(ms: number): Promise<boolean>;
}

/** Waits `ms` unless that is `remainingMs` or more, or the time is cancelled first; false when it did not wait it out. */
export function pauseWithin(ms: number, remainingMs: number, time: Pick<CallDeadline, 'cancelled' | 'onCancel'>): Promise<boolean> {
  if (ms >= remainingMs || time.cancelled) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      forget();
      resolve(true);
    }, ms);
    const forget = time.onCancel(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * One scan's time budget: every call made for the scan is cancelled when it runs out, and no call
 * (nor a retry) starts that could not finish within it. The scan ends it (`end`) once answered:
 * AbortSignal.timeout's timer could not be cleared, so it fired after every scan and built a
 * DOMException with its stack, several per cent of a scan's CPU (issue 12).
 */
export class Deadline extends Cancellation implements CallDeadline {
  private readonly expiresAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.expiresAt = now() + budgetMs;
    // The reason AbortSignal.timeout gives: an abort that is not a platform's timeout (http-lookup.ts reads it so).
    this.timer = setTimeout(() => this.cancel(new DOMException('the deadline came', 'TimeoutError')), budgetMs);
  }

  /** The scan is answered: its timer is cleared (nothing made for the scan still listens; an ended deadline never cancels). */
  end(): void {
    clearTimeout(this.timer);
  }

  /** The work's outcome, or a DeadlineExceeded rejection when the deadline comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const forget = this.onCancel(() => reject(new DeadlineExceeded('the deadline came before the work finished')));
      // A late outcome settles an already settled promise: it is dropped, never an unhandled rejection.
      work.then(
        (value) => {
          forget();
          resolve(value);
        },
        (error: unknown) => {
          forget();
          reject(error);
        },
      );
    });
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
    return pauseWithin(ms, this.remainingMs(), this);
  }
}
