import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('bulkhead', () => {
  it('refuses calls past its capacity at once instead of queueing them', async () => {
    const platform = new FakePlatform('hang');
    const guard = new GuardedLookup('zalo', { ...SETTINGS, capacity: 2, timeoutMs: 200, volumeThreshold: 100 });
    const results = await Promise.all([1, 2, 3].map(() => guard.call(platform.run, deadline(1000))));
    const refused = results.filter((r) => r.outcome === 'error' && r.detail === 'bulkhead-full');
    assert.ok(refused.length >= 1);
    assert.ok(platform.calls <= 3 + 2, 'never more than capacity in flight');
    guard.shutdown();
  });
});
