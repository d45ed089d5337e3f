import assert from 'node:assert/strict';
import { MAX_STAYS_PER_WINDOW } from '../../gateway/notices/notice-service';
import { putStay } from '../../gateway/store/stay-store';
import { TestGateway } from '../support/test-gateway';
import { activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * A close contact never turns green by having more stays: the scan reads every stay of the citizen
 * that may meet an active notice's window, and past MAX_STAYS_PER_WINDOW answers 503, never green.
 */
describe('a close contact with many other stays', function () {
  this.timeout(60000);
  let gw: TestGateway;
  let duc: { citizenId: string; qr: string };
  let market: { venueId: string };
  let shop: { venueId: string };
  const now = new Date();

  before(async () => {
    gw = await TestGateway.start({}, () => now);
    const pari = await registerPari(gw);
    const registered = await gw.call('POST', '/v1/venues', { body: { name: 'Chợ Sắt', kind: 'permanent', address: { province: '31' } } });
    market = registered.body;
    shop = (await gw.call('POST', '/v1/venues', { body: { name: 'Cửa hàng Lan', kind: 'permanent', address: { province: '31' } } })).body;
    duc = await declareDuc(gw, now);
    await stay(gw, pari.venueId, duc.qr, new Date(now.getTime() - 50 * HOUR), new Date(now.getTime() - 49 * HOUR));
    await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - 72 * HOUR), new Date(now.getTime() - 48 * HOUR)));
  });
  after(() => gw?.stop());

  it('stays red after 101 later stays elsewhere', async () => {
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    for (let i = 0; i < 101; i++) {
      const at = new Date(now.getTime() - 40 * HOUR + i * 10 * MINUTE);
      const res = await gw.call('POST', '/v1/checkins', {
        body: { venue: (i % 2 ? shop : market).venueId, direction: 'in', at: at.toISOString(), subject: duc.qr },
        token: gw.token(['checkins:write']),
      });
      assert.equal(res.status, 201, res.text);
    }
    assert.ok((await gw.gateway.stayStore.citizenStays(duc.citizenId, 0, Infinity, 1000)).length > 101);
    const answer = (await scan(gw, duc.qr)).body;
    assert.equal(answer.status, 'red');
    assert.ok(answer.reasons.some((r: { code: string }) => r.code === 'venue-exposure'));
  });

  it("is a 503, never green, when the citizen's stays in a notice's window pass the cap", async () => {
    const start = now.getTime() - 72 * HOUR;
    for (let i = 0; i <= MAX_STAYS_PER_WINDOW; i++) {
      const at = start + i * (MINUTE / 2);
      await putStay(
        gw.gateway.stayStore,
        {
          stayId: `sty_${String(i).padStart(22, '0')}`,
          venueId: market.venueId,
          citizenId: duc.citizenId,
          in: new Date(at).toISOString(),
          out: new Date(at + MINUTE / 4).toISOString(),
          outSource: 'manual',
          defaultStayMinutes: 60,
        } as never,
        { keepForMs: 30 * 24 * HOUR, forgetBeforeMs: 0 },
      );
    }
    const res = await scan(gw, duc.qr);
    assert.equal(res.status, 503, res.text);
    assert.notEqual(res.body.status, 'green');
  });

  it('answers a forged or a revoked code of that citizen invalid, not 503: the stays past the cap concern neither', async () => {
    // A forged code reads none of the stays (its signature is not known good before the read).
    const forged = duc.qr.slice(0, -4) + (duc.qr.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = await scan(gw, forged);
    assert.equal(refused.status, 200, refused.text);
    assert.deepEqual(
      refused.body.reasons.map((r: { code: string }) => r.code),
      ['qr-bad-signature'],
    );
    // The code scanned above, verified then, is revoked: its stays are read with the citizen (its
    // signature known good), fail past the cap, and are dropped unheard once it is known revoked.
    const reissued = await gw.call('POST', `/v1/citizens/${duc.citizenId}/qr/revoke`);
    assert.equal(reissued.status, 200, reissued.text);
    const revoked = await scan(gw, duc.qr);
    assert.equal(revoked.status, 200, revoked.text);
    assert.deepEqual(
      revoked.body.reasons.map((r: { code: string }) => r.code),
      ['qr-revoked'],
    );
    assert.equal((await scan(gw, reissued.body.qr)).status, 503, 'the current code is still refused, not answered from a part');
  });
});
