import { setMaxListeners } from 'node:events';

/**
 * One scan's time budget: every call made for the scan is cancelled when it runs out, and no call
 * (nor a retry) starts that could not finish within it.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly expiresAt: number;

  constructor(budgetMs: number, private readonly now: () => number = Date.now) {
    this.expiresAt = now() + budgetMs;
    this.signal = AbortSignal.timeout(budgetMs);
    // One listener per platform call and store read of the scan: more than node's default warning level of 10.
    setMaxListeners(64, this.signal);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  /** Waits `ms`, or less if the deadline comes first; resolves false when it did. */
  sleep(ms: number): Promise<boolean> {
    if (ms >= this.remainingMs()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** A promise's value if it settles within `ms`, else undefined (and a rejection is undefined too). */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
