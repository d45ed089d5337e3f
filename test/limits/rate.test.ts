import assert from 'node:assert/strict';
import { takeRequest, type RatePolicy } from '../../gateway/limits/rate';

/** Requests sent one after another at the given times (ms), each decision with the TAT it leaves. */
function sendAt(policy: RatePolicy, times: number[]) {
  let tat: number | undefined;
  return times.map((now) => {
    const step = takeRequest(policy, tat, now);
    tat = step.tatUs;
    return step.decision;
  });
}

const T0 = Date.parse('2021-07-20T08:00:00+07:00');

describe('a caller’s allowance (GCRA, the clock passed in)', () => {
  const checkpoint: RatePolicy = { perSecond: 2, burst: 3 };

  it('lets a whole burst through at once, counting down what is left, and refuses the next until one interval has passed', () => {
    const answers = sendAt(checkpoint, [T0, T0, T0, T0]);
    assert.deepEqual(
      answers.map((d) => [d.allowed, d.remaining]),
      [
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ],
    );
    assert.equal(answers[3]?.retryAfterMs, 500);
    // The whole burst is back 1.5 s after it was spent (three intervals of 500 ms).
    assert.equal(answers[2]?.resetMs, 1500);
  });

  it('allows again exactly when the refusal said, and not a millisecond before', () => {
    const [, , , refused, early, onTime] = sendAt(checkpoint, [T0, T0, T0, T0, T0 + 499, T0 + 500]);
    assert.equal(refused?.retryAfterMs, 500);
    assert.deepEqual([early?.allowed, early?.retryAfterMs], [false, 1]);
    assert.deepEqual([onTime?.allowed, onTime?.remaining], [true, 0]);
  });

  it('never refuses a caller that keeps to the rate, however long it goes on', () => {
    const steady = Array.from({ length: 1000 }, (_, i) => T0 + i * 500);
    assert.ok(sendAt(checkpoint, steady).every((d) => d.allowed));
  });

  it('gives back the whole burst after a quiet spell, never more', () => {
    const answers = sendAt(checkpoint, [T0, T0, T0, T0 + 60_000, T0 + 60_000, T0 + 60_000, T0 + 60_000]);
    assert.deepEqual(
      answers.slice(3).map((d) => d.allowed),
      [true, true, true, false],
    );
  });

  it('does not count a refused request: refusals do not push the next allowed one further away', () => {
    const times = [T0, T0, T0, ...Array.from({ length: 50 }, () => T0 + 100), T0 + 500];
    const answers = sendAt(checkpoint, times);
    assert.equal(answers.filter((d) => !d.allowed).length, 50);
    assert.equal(answers.at(-1)?.allowed, true);
  });

  it('keeps rates below one a second exact: a batch every 5 s, two back to back', () => {
    const batch: RatePolicy = { perSecond: 0.2, burst: 2 };
    const answers = sendAt(batch, [T0, T0, T0, T0 + 4999, T0 + 5000]);
    assert.deepEqual(
      answers.map((d) => d.allowed),
      [true, true, false, false, true],
    );
    assert.equal(answers[2]?.retryAfterMs, 5000);
  });

  it('keeps a rate that is not a whole number of microseconds apart exact over a long run (no drift from floating point)', () => {
    const scans: RatePolicy = { perSecond: 3, burst: 1 };
    // 333,333 µs apart: 3,000 requests, each exactly on its time, are all allowed.
    const onTime = Array.from({ length: 3000 }, (_, i) => T0 + (i * 333_333) / 1000);
    assert.ok(sendAt(scans, onTime).every((d) => d.allowed));
  });
});
