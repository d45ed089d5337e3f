import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('breaker: volume threshold', () => {
  it('stays closed through failures until the window holds enough calls, then opens', async () => {
    const platform = new FakePlatform('fail');
    const guard = new GuardedLookup('bluezone', { ...SETTINGS, volumeThreshold: 6 });
    // Each failing call retries once: two attempts per call, counted by the breaker.
    await guard.call(platform.run, deadline());
    await guard.call(platform.run, deadline());
    assert.equal(guard.breaker.opened, false, 'four failures are under the volume threshold of six');
    await guard.call(platform.run, deadline());
    assert.equal(guard.breaker.opened, true);
    const calls = platform.calls;
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'breaker-open');
    assert.equal(platform.calls, calls, 'an open breaker does not call the platform');
    guard.shutdown();
  });
});
