import assert from 'node:assert/strict';
import { UNNAMED_EXPOSURE } from '../../gateway/verify/verify-service';
import { TestGateway } from '../support/test-gateway';
import { activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;

/**
 * A platform code names a record by an id anyone can count through: its answer says a venue exposure
 * makes the citizen red, never which venue or when, so that counting through ids finds nobody's stay.
 */
describe('a venue exposure scanned by a platform code', function () {
  this.timeout(20000);
  let gw: TestGateway;
  let duc: { citizenId: string; qr: string; platformCode: string };

  before(async () => {
    gw = await TestGateway.start();
    const now = new Date();
    const pari = await registerPari(gw);
    duc = await declareDuc(gw, now);
    await stay(gw, pari.venueId, duc.qr, new Date(now.getTime() - 5 * HOUR), new Date(now.getTime() - 4 * HOUR));
    await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - 24 * HOUR), new Date(now.getTime() - HOUR)));
  });
  after(() => gw?.stop());

  it('is red with an unnamed venue-exposure reason: no venue, no window', async () => {
    const answer = (await scan(gw, duc.platformCode)).body;
    assert.equal(answer.status, 'red');
    assert.equal(answer.recognizedAs, 'tokhaiyte');
    assert.deepEqual(
      answer.reasons.filter((r: { code: string }) => r.code === 'venue-exposure'),
      [{ code: 'venue-exposure', message: UNNAMED_EXPOSURE }],
    );
    assert.ok(!JSON.stringify(answer).includes('Pari'));
    assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(JSON.stringify(answer.reasons)), 'no window in the reasons');
  });

  it('names the venue and the window for the unified code, which the citizen holds', async () => {
    const answer = (await scan(gw, duc.qr)).body;
    const [exposure] = answer.reasons.filter((r: { code: string }) => r.code === 'venue-exposure');
    assert.match(exposure.message, /Khách sạn Pari/);
  });
});
