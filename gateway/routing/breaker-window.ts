import { EventEmitter } from 'node:events';

/** The buckets of a breaker's rolling window (opossum's rollingCountBuckets). */
export const WINDOW_BUCKETS = 10;

/**
 * A breaker's rolling window, turned here rather than by opossum's own timer, with the one count
 * opossum cannot keep: the calls that ended unjudged, telling nothing of the platform (a request it
 * refused, `bad-request`; the scan's own deadline, `aborted`). opossum counts every call fired, and
 * an error its errorFilter lets through as a success: a stream of such calls (codes of made-up Zalo
 * accounts, which anyone can print) kept a failing platform's share of failures under the threshold,
 * and its breaker closed through the outage, every scan waiting for its timeout. Turned by one timer
 * with opossum's buckets (its `rotateBucketController`), so that each count leaves the window with
 * the calls it was one of.
 */
export class BreakerWindow {
  /** Handed to opossum: each `rotate` turns its buckets, as its own timer would have. */
  readonly rotation = new EventEmitter();
  /** Unjudged calls per bucket, newest first, as opossum orders its buckets. */
  private readonly unjudged: number[] = new Array<number>(WINDOW_BUCKETS).fill(0);
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs: number) {
    this.timer = setInterval(() => this.turn(), Math.floor(windowMs / WINDOW_BUCKETS));
    // A breaker's window never keeps the process alive (opossum unrefs its own timer too).
    this.timer.unref();
  }

  /** A call that ended telling nothing of the platform, in the newest bucket. */
  countUnjudged(): void {
    this.unjudged[0] = (this.unjudged[0] as number) + 1;
  }

  /** The unjudged calls within the window. */
  get unjudgedCalls(): number {
    return this.unjudged.reduce((sum, count) => sum + count, 0);
  }

  /** Stops the timer: the breaker it turned is shut down (or replaced by an operator's reset). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** The oldest bucket leaves, a new one begins: ours, then opossum's. */
  private turn(): void {
    this.unjudged.pop();
    this.unjudged.unshift(0);
    this.rotation.emit('rotate');
  }
}
