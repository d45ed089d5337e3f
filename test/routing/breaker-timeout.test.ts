import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('breaker: timeout', () => {
  it('really cancels a call the breaker times out, freeing its bulkhead slot', async () => {
    const platform = new FakePlatform('hang');
    const guard = new GuardedLookup('c06', { ...SETTINGS, timeoutMs: 50 });
    const result = await guard.call(platform.run, deadline(2000));
    assert.equal(result.outcome, 'timeout');
    assert.equal(platform.aborted, platform.calls, 'every attempt was aborted, none left running');
    assert.equal(platform.inFlight, 0);
    guard.shutdown();
  });

  it("cancels a call when the scan's deadline comes before the breaker's timeout, without blaming the platform", async () => {
    const platform = new FakePlatform('hang');
    const guard = new GuardedLookup('c06', { ...SETTINGS, timeoutMs: 5000 });
    const result = await guard.call(platform.run, deadline(60));
    assert.equal(result.outcome, 'timeout');
    assert.equal(platform.inFlight, 0);
    assert.equal(guard.breaker.stats.failures, 0);
    guard.shutdown();
  });
});
