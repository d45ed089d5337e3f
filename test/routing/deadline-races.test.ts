import assert from 'node:assert/strict';
import { Deadline, DeadlineExceeded } from '../../gateway/routing/deadline';
import { cancelled } from '../support/wait-for';

/** A promise settled by hand, for work that outlives the deadline or not. */
function pending<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A scan's store reads race its deadline (Deadline.race): the races waiting when it comes each end
 * with DeadlineExceeded, a race begun after it ends so at once, and work that finishes first
 * gives its own outcome. The races are told by callbacks, not by an AbortSignal (issue 12).
 */
describe("races against a scan's deadline", () => {
  it('give the work’s own outcome, value or failure, when it finishes first', async () => {
    const deadline = new Deadline(10_000);
    try {
      assert.equal(await deadline.race(Promise.resolve(7)), 7);
      await assert.rejects(deadline.race(Promise.reject(new TypeError('a defect'))), TypeError);
    } finally {
      deadline.end();
    }
  });

  it('end every race still waiting with DeadlineExceeded when the deadline comes, and one begun after it at once', async () => {
    const deadline = new Deadline(5);
    const [slow, slower] = [pending<number>(), pending<number>()];
    const done = pending<number>();
    const finished = deadline.race(done.promise);
    done.resolve(1);
    const waiting = [deadline.race(slow.promise), deadline.race(slower.promise)];
    await cancelled(deadline, 5000, 'the deadline');
    for (const race of waiting) await assert.rejects(race, DeadlineExceeded);
    assert.equal(await finished, 1);
    await assert.rejects(deadline.race(Promise.resolve(2)), DeadlineExceeded);
    // Work that fails after the deadline is dropped, never an unhandled rejection.
    slow.reject(new Error('late'));
    slower.resolve(3);
    // Past the deadline a store read says it could not answer (undefined), whatever the work does.
    assert.equal(await deadline.within(Promise.reject(new Error('a late failure'))), undefined);
  });
});
