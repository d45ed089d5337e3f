import { EventEmitter } from 'node:events';

/** The buckets of a breaker's rolling window (opossum's rollingCountBuckets). */
export const WINDOW_BUCKETS = 10;

/** How a call sent to the platform ended, as its breaker judges it. */
export type Judgement = 'answered' | 'failed' | 'unjudged';

interface Bucket {
  judged: number;
  failed: number;
}

/**
 * A breaker's rolling window of the calls the platform was judged on, kept here beside opossum's
 * and turned by the same timer (opossum's `rotateBucketController`). opossum counts every call
 * fired: one its errorFilter lets through (a request the platform refused, `bad-request`, from a
 * made-up Zalo account's code anyone can print; the scan's own deadline, `aborted`) as a success,
 * and a call its own bulkhead or open state turned away as fired too. So a stream of made-up codes
 * kept a platform failing every real lookup under its threshold, and its breaker closed through the
 * outage. Here only calls that reached the platform and were judged count (answered, or failed:
 * an error, a timeout), each in the bucket it was sent in, so that it leaves the window with the
 * calls sent beside it.
 */
export class BreakerWindow {
  /** Handed to opossum: each `rotate` turns its buckets, as its own timer would have. */
  readonly rotation = new EventEmitter();
  /** Newest first, as opossum orders its buckets. */
  private readonly buckets: Bucket[] = Array.from({ length: WINDOW_BUCKETS }, () => ({ judged: 0, failed: 0 }));
  /** Turns so far: a call remembers the turn it was sent in, to be counted there. */
  private turns = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs: number) {
    this.timer = setInterval(() => this.turn(), Math.floor(windowMs / WINDOW_BUCKETS));
    // A breaker's window never keeps the process alive (opossum unrefs its own timer too).
    this.timer.unref();
  }

  /** A call sent now: the turn to count it in when it ends. */
  sent(): number {
    return this.turns;
  }

  /** A call sent in turn `sentIn` ended so; counted in that turn's bucket while it is in the window. */
  ended(sentIn: number, judgement: Judgement): void {
    const bucket = this.buckets[this.turns - sentIn];
    if (bucket === undefined || judgement === 'unjudged') return;
    bucket.judged += 1;
    if (judgement === 'failed') bucket.failed += 1;
  }

  /** The judged calls within the window, and how many of them failed. */
  get judged(): Bucket {
    return this.buckets.reduce((sum, bucket) => ({ judged: sum.judged + bucket.judged, failed: sum.failed + bucket.failed }), {
      judged: 0,
      failed: 0,
    });
  }

  /** Stops the timer: the breaker it turned is shut down (or replaced by an operator's reset). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** The oldest bucket leaves, a new one begins: ours, then opossum's. */
  private turn(): void {
    this.buckets.pop();
    this.buckets.unshift({ judged: 0, failed: 0 });
    this.turns += 1;
    this.rotation.emit('rotate');
  }
}
