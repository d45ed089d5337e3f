import assert from 'node:assert/strict';
import { BreakerWindow, WINDOW_BUCKETS } from '../../gateway/routing/breaker-window';
import { nextEvent } from '../support/wait-for';

/** Waits for `turns` turns of the window's buckets. */
async function turned(window: BreakerWindow, turns: number): Promise<void> {
  for (let i = 0; i < turns; i += 1) await nextEvent(window.rotation, 'rotate', 1000, 'the window to turn');
}

describe("a breaker's window of judged calls", () => {
  it('counts a call in the bucket it was sent in: it leaves the window with the calls sent beside it, however long it took', async () => {
    // Ten buckets of 10 ms.
    const window = new BreakerWindow(100);
    try {
      const slow = window.sent();
      await turned(window, 3);
      // A call sent three turns ago ends now: counted there, so it has seven turns left in the window, not ten.
      window.ended(slow, 'failed');
      window.ended(window.sent(), 'answered');
      assert.deepEqual(window.judged, { judged: 2, failed: 1 });
      await turned(window, WINDOW_BUCKETS - 3);
      assert.deepEqual(window.judged, { judged: 1, failed: 0 }, 'the slow failure left with its own bucket');
    } finally {
      window.stop();
    }
  });

  it('never counts a call sent before the window, nor one that tells nothing of the platform', async () => {
    const window = new BreakerWindow(100);
    try {
      const old = window.sent();
      await turned(window, WINDOW_BUCKETS);
      window.ended(old, 'failed');
      window.ended(window.sent(), 'unjudged');
      assert.deepEqual(window.judged, { judged: 0, failed: 0 });
    } finally {
      window.stop();
    }
  });
});
