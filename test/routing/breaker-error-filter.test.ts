import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { nextEvent, waitFor } from '../support/wait-for';
import { deadline, FakePlatform, openedGuard, SETTINGS } from './fake-platform';

describe('breaker: error filter', () => {
  it('never opens on not-found answers: not found is an answer', async () => {
    const platform = new FakePlatform('not-found');
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    for (let i = 0; i < 20; i += 1) assert.equal((await guard.call(platform.run, deadline())).outcome, 'not-found');
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('does not count a 4xx other than 429 against the platform', async () => {
    const platform = new FakePlatform('bad-request');
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    for (let i = 0; i < 20; i += 1) assert.equal((await guard.call(platform.run, deadline())).outcome, 'error');
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('opens on the failures of a platform that is down, whatever number of refused requests (made-up Zalo accounts) come between them', async () => {
    // Zalo answers its JSON error for an account it does not know at once, while every real lookup fails.
    const refusing = new FakePlatform('bad-request');
    const failing = new FakePlatform('fail');
    const guard = new GuardedLookup('zalo', SETTINGS);
    // Three refused requests to each failure: a quarter of the calls fired fail, all of those judged.
    for (let i = 0; i < 24 && !guard.breaker.opened; i += 1) await guard.call(i % 4 === 3 ? failing.run : refusing.run, deadline());
    assert.equal(guard.breaker.opened, true, 'open: every call the platform was judged on failed');
    assert.ok(failing.calls >= SETTINGS.volumeThreshold, 'not before the volume threshold of judged calls');
    guard.shutdown();
  });

  it('keeps counting the volume threshold in judged calls: refused requests do not make four failures an outage of four hundred', async () => {
    const refusing = new FakePlatform('bad-request');
    const failing = new FakePlatform('fail');
    const guard = new GuardedLookup('zalo', { ...SETTINGS, volumeThreshold: 6 });
    for (let i = 0; i < 12; i += 1) await guard.call(refusing.run, deadline());
    for (let i = 0; i < 2; i += 1) await guard.call(failing.run, deadline());
    assert.equal(guard.breaker.closed, true, 'two failures (with their retries: four) judged: under six');
    guard.shutdown();
  });

  it('does not close a half-open breaker on a probe the platform refused as a bad request: it opens again until a probe is answered', async () => {
    const failing = new FakePlatform('fail');
    const guard = await openedGuard(failing, 'zalo');
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    // The probe is a made-up account's code: the platform's refusal says nothing of whether it is back.
    const refusing = new FakePlatform('bad-request');
    assert.equal((await guard.call(refusing.run, deadline())).outcome, 'error');
    assert.equal(guard.breaker.opened, true, 'open again, not closed onto a platform still down');
    assert.equal((await guard.call(failing.run, deadline())).outcome, 'breaker-open', 'the next scan is not sent to it');
    // The next probe, a real lookup the platform answers, closes it.
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open again');
    assert.equal((await guard.call(new FakePlatform('ok').run, deadline())).outcome, 'answered');
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('forgets failures once its rolling window has passed them (its buckets turn with the unjudged counts)', async () => {
    const failing = new FakePlatform('fail');
    const guard = new GuardedLookup('tokhaiyte', { ...SETTINGS, volumeThreshold: 6, rollingWindowMs: 200 });
    // Two failures, each retried once: four failed calls, under the volume threshold.
    for (let i = 0; i < 2; i += 1) await guard.call(failing.run, deadline());
    await waitFor(() => guard.breaker.stats.fires === 0, 1000, 'the window to pass the failures');
    for (let i = 0; i < 2; i += 1) await guard.call(failing.run, deadline());
    assert.equal(guard.breaker.closed, true, 'four failures in the window, not eight');
    guard.shutdown();
  });
});
