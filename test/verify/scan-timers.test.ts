import assert from 'node:assert/strict';
import { SandboxFixture } from '../support/sandbox-fixture';
import { waitFor } from '../support/wait-for';

/** Timers this process holds (those that keep it up: a scan's deadline is one until the scan ends it). */
function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/**
 * No timer outlives the scan it was made for (issue 12): the scan's deadline, each platform call's
 * breaker timer and what cancels the call are ended with the answer, not left to fire after it. The
 * deadline here is ten seconds, so a timer left behind would still be there when the poll gives up.
 */
describe('timers of a scan', function () {
  this.timeout(30000);
  let f: SandboxFixture;

  before(async () => {
    f = await SandboxFixture.start({ citizens: 12, env: { VERIFY_DEADLINE_MS: '10000' } });
  });
  after(async () => {
    await f?.stop();
  });

  it('are all gone once unified-QR scans of citizens on two and three platforms are answered', async () => {
    const qrs = [
      await f.unifiedQrOf(f.citizenOn('tokhaiyte', 'bluezone')),
      await f.unifiedQrOf(f.citizenOn('tokhaiyte', 'bluezone', 'ncovi')),
      await f.unifiedQrOf(f.citizenOn('bluezone')),
    ];
    // One scan first, so the connections to the platforms (and their keep-alive) are already open.
    assert.equal((await f.scan(qrs[0] as string)).status, 200);
    const before = timers();
    const answers = await Promise.all([...qrs, ...qrs, ...qrs].map((qr) => f.scan(qr)));
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    // Polled, not slept: what is left must go without the ten seconds of a deadline passing.
    await waitFor(() => timers() <= before, 5000, `the timers to return to ${before} (now ${timers()})`);
  });
});
