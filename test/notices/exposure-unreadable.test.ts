import assert from 'node:assert/strict';
import { ACTIVE_NOTICES_CACHE_MS } from '../../gateway/notices/active-notices';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';
import { activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;

/**
 * A guest of a notified venue is red only if the scan can read the notices and the guest's stays: a
 * store that does not answer within the scan's deadline is a 503, never a green from nothing.
 */
describe('a scan whose venue exposures cannot be read', function () {
  this.timeout(20000);
  let gw: TestGateway;
  let duc: { citizenId: string; qr: string };
  let pari: { venueId: string };
  const never = () => new Promise<never>(() => {});

  before(async () => {
    gw = await TestGateway.start({ VERIFY_DEADLINE_MS: '300' });
    const now = new Date();
    pari = await registerPari(gw);
    duc = await declareDuc(gw, now);
    await stay(gw, pari.venueId, duc.qr, new Date(now.getTime() - 5 * HOUR), new Date(now.getTime() - 4 * HOUR));
    await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - 24 * HOUR), new Date(now.getTime() - HOUR)));
  });
  after(() => gw?.stop());

  it("is a 503 with Retry-After when the citizen's stays cannot be read, and red again once they can", async () => {
    const stays = gw.gateway.stayStore;
    const citizenStays = stays.citizenStays;
    stays.citizenStays = never;
    try {
      const res = await scan(gw, duc.qr);
      assert.equal(res.status, 503, res.text);
      assert.equal(res.headers.get('retry-after'), '1');
    } finally {
      stays.citizenStays = citizenStays;
    }
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
  });

  it('is a 503 with Retry-After when the active notices cannot be read, and red again once they can', async () => {
    const notices = gw.gateway.noticeStore;
    const activeNotices = notices.activeNotices;
    notices.activeNotices = never;
    try {
      // A notice changed in this process: the next scan must read the notices again.
      await activeNotice(gw, noticeOf(pari.venueId, new Date(Date.now() - 2 * HOUR), new Date(Date.now() - HOUR), 'monitor'));
      const res = await scan(gw, duc.qr);
      assert.equal(res.status, 503, res.text);
      assert.equal(res.headers.get('retry-after'), '1');
    } finally {
      notices.activeNotices = activeNotices;
    }
    // The read that never answered is shared at most for the cache time, then asked again.
    await waitFor(async () => (await scan(gw, duc.qr)).body.status === 'red', ACTIVE_NOTICES_CACHE_MS + 3000, 'red again');
  });
});
