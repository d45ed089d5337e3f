import { UpstreamError, type LookupResult } from '../../adapters';
import type { BreakerSettings } from '../../gateway/routing/breaker-settings';
import { Deadline } from '../../gateway/routing/deadline';

/** A fake platform call for the guarded-lookup tests: what it answers, and what happened to it. */
export class FakePlatform {
  calls = 0;
  aborted = 0;
  inFlight = 0;
  /** The most calls it has been answering at once. */
  maxInFlight = 0;

  constructor(
    public behaviour: 'ok' | 'not-found' | 'fail' | 'fail-once' | 'hang' | 'bad-request' = 'ok',
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
        // Like an axios call given this signal: it ends only when cancelled.
        return new Promise((_resolve, reject) => {
          signal.addEventListener(
            'abort',
            () => {
              this.aborted += 1;
              reject(done(new UpstreamError('aborted', 'cancelled')));
            },
            { once: true },
          );
        });
    }
  };
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
