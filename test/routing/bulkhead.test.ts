import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('bulkhead', () => {
  it('never lets more calls than its capacity reach the platform at once, and refuses the others at once instead of queueing them', async () => {
    const platform = new FakePlatform('hang');
    const timeoutMs = 300;
    const guard = new GuardedLookup('zalo', { ...SETTINGS, capacity: 2, timeoutMs, volumeThreshold: 100 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => guard.call(platform.run, deadline(2000))));
    guard.shutdown();
    assert.equal(platform.maxInFlight, 2, 'calls in flight at the platform at once');
    assert.equal(platform.calls, 2, 'a refused call never reaches the platform');
    const refused = results.filter((r) => r.outcome === 'error' && r.detail === 'bulkhead-full');
    assert.equal(refused.length, 3);
    // Queued, a call would have waited for a slot: until an admitted call timed out.
    assert.ok(
      refused.every((r) => r.latencyMs < timeoutMs / 3),
      `refused after ${refused.map((r) => r.latencyMs).join(', ')} ms`,
    );
    assert.deepEqual(
      results.filter((r) => !refused.includes(r)).map((r) => r.outcome),
      ['timeout', 'timeout'],
    );
  });
});
