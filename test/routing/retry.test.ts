import assert from 'node:assert/strict';
import { UpstreamError } from '../../adapters';
import { GuardedLookup, MAX_QUIET_MS } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('retry', () => {
  it('retries a reset connection once, and answers when the second try works', async () => {
    const platform = new FakePlatform('fail-once', new UpstreamError('connection', 'reset'));
    const guard = new GuardedLookup('ncovi', SETTINGS);
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'answered');
    assert.equal(platform.calls, 2);
    guard.shutdown();
  });

  it('tries at most twice', async () => {
    const platform = new FakePlatform('fail');
    const guard = new GuardedLookup('bluezone', { ...SETTINGS, volumeThreshold: 100 });
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'error');
    assert.equal(platform.calls, 2);
    guard.shutdown();
  });

  it('does not retry what a retry cannot fix (credentials refused)', async () => {
    const platform = new FakePlatform('fail', new UpstreamError('auth', '401', 401));
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    await guard.call(platform.run, deadline());
    assert.equal(platform.calls, 1);
    guard.shutdown();
  });

  it('does not retry when Retry-After does not fit in the remaining deadline, and sends nothing until it has passed', async () => {
    const platform = new FakePlatform('fail', new UpstreamError('rate-limited', '429', 429, 2000));
    const guard = new GuardedLookup('zalo', SETTINGS);
    assert.deepEqual((await guard.call(platform.run, deadline())).outcome, 'error');
    assert.equal(platform.calls, 1);
    const paused = await guard.call(platform.run, deadline());
    assert.equal(paused.outcome === 'error' && paused.detail, 'rate-limited');
    assert.equal(platform.calls, 1, 'the platform asked for 2 s of quiet');
    guard.shutdown();
  });

  it("honours a platform's Retry-After for a minute at most, and says until when: a day asked for silenced the instance for a day", async () => {
    const platform = new FakePlatform('fail', new UpstreamError('rate-limited', '503', 503, 86_400_000));
    let now = Date.parse('2021-08-15T08:00:00+07:00');
    const guard = new GuardedLookup('tokhaiyte', SETTINGS, () => now);
    await guard.call(platform.run, deadline());
    assert.deepEqual([guard.quietUntil, guard.sendsNothing], [now + MAX_QUIET_MS, true]);
    now += MAX_QUIET_MS - 1;
    await guard.call(platform.run, deadline());
    assert.equal(platform.calls, 1, 'quiet within the minute');
    now += 1;
    assert.deepEqual([guard.quietUntil, guard.sendsNothing], [undefined, false]);
    await guard.call(platform.run, deadline());
    assert.equal(platform.calls, 2, 'asked again after it');
    guard.shutdown();
  });

  it('waits a short Retry-After and tries again within the deadline', async () => {
    const platform = new FakePlatform('fail-once', new UpstreamError('rate-limited', '503', 503, 30));
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'answered');
    assert.equal(platform.calls, 2);
    guard.shutdown();
  });
});
