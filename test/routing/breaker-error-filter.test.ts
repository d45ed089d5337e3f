import assert from 'node:assert/strict';
import { UpstreamError, type LookupResult } from '../../adapters';
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

  it('counts the volume threshold in judged calls: two refused requests do not make two failing scans an outage', async () => {
    const refusing = new FakePlatform('bad-request');
    const failing = new FakePlatform('fail');
    const guard = new GuardedLookup('zalo', { ...SETTINGS, volumeThreshold: 6 });
    for (let i = 0; i < 2; i += 1) await guard.call(refusing.run, deadline());
    for (let i = 0; i < 2; i += 1) await guard.call(failing.run, deadline());
    assert.equal(guard.breaker.closed, true, 'two failing scans (with their retries: four calls) judged: under six');
    guard.shutdown();
  });

  it('is not opened by its own bulkhead turning calls away while slow refusals hold its places', async () => {
    // Made-up codes the platform takes 30 ms to refuse, ten at a time into eight places: two turned away each time.
    const slowRefusal = () =>
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new UpstreamError('bad-request', '400', 400)), 30));
    const guard = new GuardedLookup('zalo', SETTINGS);
    let turnedAway = 0;
    for (let wave = 0; wave < 10; wave += 1) {
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => guard.call(slowRefusal, deadline())));
      turnedAway += outcomes.filter((o) => o.outcome === 'error' && o.detail === 'bulkhead-full').length;
    }
    assert.ok(turnedAway >= 10, `the bulkhead turned calls away (${turnedAway})`);
    assert.equal(guard.breaker.closed, true, 'closed: the platform failed no call it was sent');
    guard.shutdown();
  });

  it('does not count the calls an open breaker turned away: once closed again, a platform that fails again opens it within the volume threshold', async () => {
    const failing = new FakePlatform('fail');
    const guard = await openedGuard(failing, 'zalo');
    for (let i = 0; i < 40; i += 1) assert.equal((await guard.call(failing.run, deadline())).outcome, 'breaker-open');
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    assert.equal((await guard.call(new FakePlatform('ok').run, deadline())).outcome, 'answered');
    assert.equal(guard.breaker.closed, true);
    const calls = failing.calls;
    await guard.call(failing.run, deadline());
    assert.equal(
      guard.breaker.opened,
      true,
      'open at the first failing scan: the window holds the failures that opened it, not 40 refusals',
    );
    assert.ok(failing.calls - calls <= 2, 'one scan, its retry at most');
    guard.shutdown();
  });

  it('closes a half-open breaker on probation on a probe the platform refused: the first real lookup that fails opens it again, whatever its window holds', async () => {
    // c06's ratio, scaled down: its window (10 s) passes while it is open (15 s), so nothing in it is left to reopen it.
    const failing = new FakePlatform('fail');
    const guard = await openedGuard(failing, 'c06', { ...SETTINGS, rollingWindowMs: 100, resetTimeoutMs: 150 });
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    // The probe is a made-up account's code: the platform answered it, which says nothing of the real lookups.
    assert.equal((await guard.call(new FakePlatform('bad-request').run, deadline())).outcome, 'error');
    assert.equal(guard.breaker.closed, true, 'closed on probation: calls flow again');
    const calls = failing.calls;
    await guard.call(failing.run, deadline());
    assert.equal(guard.breaker.opened, true, 'open again at the first real lookup that failed');
    assert.ok(failing.calls - calls <= 2, 'one scan, its retry at most');
    assert.equal((await guard.call(failing.run, deadline())).outcome, 'breaker-open', 'the next scan is not sent to it');
    guard.shutdown();
  });

  it('ends its probation at the first real lookup the platform answers: a failure after it is judged by the window again', async () => {
    const failing = new FakePlatform('fail');
    const guard = await openedGuard(failing, 'c06', { ...SETTINGS, rollingWindowMs: 100, resetTimeoutMs: 150 });
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    await guard.call(new FakePlatform('bad-request').run, deadline());
    assert.equal((await guard.call(new FakePlatform('ok').run, deadline())).outcome, 'answered');
    await guard.call(failing.run, deadline(), async () => false);
    assert.equal(guard.breaker.closed, true, 'one failure after an answer: under the volume threshold');
    guard.shutdown();
  });

  it('never lets opossum open a closed breaker by its own count, whose failures may outlive the fires of the bucket they were sent in', async () => {
    // A window turned by hand below (its timer set too long to turn on its own), and slow failures.
    const guard = new GuardedLookup('tokhaiyte', { ...SETTINGS, timeoutMs: 10_000, rollingWindowMs: 1_000_000_000 });
    const turn = (times = 1) => {
      const window = (guard as unknown as { window: { turn(): void } }).window;
      for (let i = 0; i < times; i += 1) window.turn();
    };
    const noRetry = async () => false;
    try {
      // Four answered and four slow calls sent in one bucket; the slow ones fail after it has turned.
      const rejects: ((error: unknown) => void)[] = [];
      const slow = () => new Promise<LookupResult>((_resolve, reject) => rejects.push(reject));
      const ok = new FakePlatform('ok');
      const pending = Array.from({ length: 4 }, () => guard.call(slow, deadline(60_000), noRetry));
      for (let i = 0; i < 4; i += 1) await guard.call(ok.run, deadline(), noRetry);
      turn();
      for (const reject of rejects) reject(new UpstreamError('server-error', '500', 500));
      await Promise.all(pending);
      assert.equal(guard.breaker.closed, true, 'half the judged calls failed: not over the threshold');
      // The send bucket leaves; opossum's failures, counted where they ended, stay a turn longer.
      turn(9);
      for (let i = 0; i < 3; i += 1) await guard.call(ok.run, deadline(), noRetry);
      await guard.call(new FakePlatform('fail').run, deadline(), noRetry);
      assert.equal(guard.breaker.closed, true, 'one judged failure in four: closed');
    } finally {
      guard.shutdown();
    }
  });

  it("sends a half-open breaker's one probe only with its whole timeout left: a scan near its deadline does not spend it", async () => {
    const failing = new FakePlatform('fail');
    const guard = await openedGuard(failing, 'zalo');
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    const platform = new FakePlatform('ok');
    // SETTINGS' timeout is 100 ms: a scan with 60 ms left would cancel the probe itself, which tells nothing.
    assert.equal((await guard.call(platform.run, deadline(60))).outcome, 'breaker-open');
    assert.deepEqual([platform.calls, guard.state], [0, 'half-open'], 'nothing sent; still half-open');
    // Said before the call, so that the router takes nothing from the platform's rate budget for it.
    assert.deepEqual([guard.sendsNothingWithin(60), guard.sendsNothingWithin(800)], [true, false]);
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'answered', 'the next scan with time left is the probe');
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
