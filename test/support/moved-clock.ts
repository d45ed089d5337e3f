import assert from 'node:assert/strict';

/**
 * The clock a retention test moves for the memory stores, which read time from it: `after` moves it
 * on by `ms` and asserts that what was kept until then is gone. (Redis's keys expire by Redis's own
 * clock, so its stories wait instead.)
 */
export function movedClock() {
  const clock = { now: new Date() };
  return {
    clock,
    now: () => clock.now.getTime(),
    after: async (ms: number, gone: () => Promise<boolean>) => {
      clock.now = new Date(clock.now.getTime() + ms);
      assert.ok(await gone(), 'still there once the clock passed the end of its retention');
    },
  };
}
