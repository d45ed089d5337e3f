import assert from 'node:assert/strict';
import { logThrottle } from '../../gateway/logging/log-throttle';

describe('the log throttle of a repeating failure', () => {
  it('logs an outage once every interval for as long as it lasts, however often the failure repeats', () => {
    let t = Date.parse('2021-07-20T08:00:00+07:00');
    const start = t;
    const shouldLog = logThrottle(5000, () => t);
    const logged: number[] = [];
    // Redis down for 12 s, the rate limiter falling back at every request, ten a second.
    for (; t < start + 12_000; t += 100) if (shouldLog()) logged.push(t - start);
    assert.deepEqual(logged, [0, 5000, 10_000]);
  });

  it('logs the first failure after a quiet spell at once', () => {
    let t = 0;
    const shouldLog = logThrottle(5000, () => t);
    assert.equal(shouldLog(), true);
    t = 60_000;
    assert.equal(shouldLog(), true);
    assert.equal(shouldLog(), false);
  });
});
