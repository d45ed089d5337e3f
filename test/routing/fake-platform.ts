import { UpstreamError, type LookupResult } from '../../adapters';
import type { BreakerSettings } from '../../gateway/routing/breaker-settings';
import { Deadline } from '../../gateway/routing/deadline';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { waitFor } from '../support/wait-for';

/** A fake platform call for the guarded-lookup tests: what it answers, and what happened to it. */
export class FakePlatform {
  calls = 0;
  aborted = 0;
  inFlight = 0;
  /** The most calls it has been answering at once. */
  maxInFlight = 0;
  /** How long a `slow` platform takes to answer. */
  slowMs = 300;

  constructor(
    public behaviour: 'ok' | 'not-found' | 'fail' | 'fail-once' | 'hang' | 'bad-request' | 'fast' | 'slow' = 'ok',
    public failure: UpstreamError = new UpstreamError('server-error', '500', 500),
  ) {}

  readonly run = (signal: AbortSignal): Promise<LookupResult> => {
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const done = <T>(value: T) => {
      this.inFlight -= 1;
      return value;
    };
    switch (this.behaviour) {
      case 'ok':
        return Promise.resolve(done({ found: true, native: { id: 'x' } }));
      case 'not-found':
        return Promise.resolve(done({ found: false }));
      case 'bad-request':
        return Promise.reject(done(new UpstreamError('bad-request', '400', 400)));
      case 'fail':
        return Promise.reject(done(this.failure));
      case 'fail-once':
        // The platform recovers after its first failure: what a retry is for.
        this.behaviour = 'ok';
        return Promise.reject(done(this.failure));
      case 'hang':
        // Like a platform call given this signal: it ends only when cancelled.
        return this.answerWhen(() => undefined, signal, done);
      case 'fast':
        // Its answer is already waiting, read at the loop's next turn for I/O: after any timer that is due.
        return this.answerWhen((answer) => setImmediate(answer), signal, done);
      case 'slow':
        return this.answerWhen((answer) => setTimeout(answer, this.slowMs), signal, done);
    }
  };

  /** A call answered (found) when `schedule` says, or ended by its signal first. */
  private answerWhen(schedule: (answer: () => void) => void, signal: AbortSignal, done: <T>(value: T) => T): Promise<LookupResult> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.aborted += 1;
        reject(done(new UpstreamError('aborted', 'cancelled')));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      schedule(() => {
        if (signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        resolve(done({ found: true, native: { id: 'x' } }));
      });
    });
  }
}

/** Holds the event loop for `ms`, as a CPU-bound gateway does: no timer, no socket read, no callback runs meanwhile. */
export function holdEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else of this process runs
  }
}

export const SETTINGS: BreakerSettings = {
  timeoutMs: 100,
  errorThresholdPercentage: 50,
  volumeThreshold: 4,
  resetTimeoutMs: 200,
  capacity: 8,
  rollingWindowMs: 10_000,
};

export const deadline = (ms = 800) => new Deadline(ms);

/** A guard whose platform fails until its breaker opens (SETTINGS: four calls, half-open 200 ms later). */
export async function openedGuard(platform: FakePlatform, instance = 'c06', settings = SETTINGS): Promise<GuardedLookup> {
  const guard = new GuardedLookup(instance, settings);
  await waitFor(
    async () => {
      await guard.call(platform.run, deadline());
      return guard.breaker.opened;
    },
    1000,
    'the breaker to open',
  );
  return guard;
}
