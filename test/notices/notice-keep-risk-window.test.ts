import assert from 'node:assert/strict';
import { noticeKeepDays } from '../../gateway/domain/notice-retention';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';
import { activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const RISK_DAYS = 21;
/** How long the second notice has left when issued: long enough for a loaded machine to read it back first. */
const LEFT_MS = 3000;

/**
 * A notice is kept as long after its window as the policy counts an exposure (VERIFY_RISK_WINDOW_DAYS),
 * never less than 14 days: deleted sooner, it would turn green a close contact the policy holds red.
 */
describeOnEveryStore('retention of exposure notices under a 21-day risk window', function (store) {
  this.timeout(20000);
  let gw: TestGateway;
  let now: Date;
  const read = (noticeId: string) =>
    gw.call('GET', `/v1/exposure-notices/${noticeId}`, { route: '/v1/exposure-notices/{noticeId}', token: gw.token(['tracing']) });

  before(async () => {
    now = new Date();
    gw = await TestGateway.start({ ...store.env, VERIFY_RISK_WINDOW_DAYS: String(RISK_DAYS), CHECKIN_RETENTION_DAYS: '30' }, () => now);
  });
  after(() => gw?.stop());

  it('keeps max(risk window, 14) days', () => {
    assert.equal(noticeKeepDays(21), 21);
    assert.equal(noticeKeepDays(7), 14);
  });

  it('takes a notice whose window ended 20 days ago, and its guest is red', async () => {
    const pari = await registerPari(gw);
    const duc = await declareDuc(gw, now);
    const to = new Date(now.getTime() - 20 * DAY);
    await stay(gw, pari.venueId, duc.qr, new Date(to.getTime() - 3 * HOUR), new Date(to.getTime() - 2 * HOUR));
    const noticeId = await activeNotice(gw, noticeOf(pari.venueId, new Date(to.getTime() - DAY), to));
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    assert.equal((await read(noticeId)).body.status, 'active');
  });

  it('still lists, newest first, a notice in force issued 16 days before another: the list keeps what the store keeps', async () => {
    const pari = await registerPari(gw);
    const first = await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - DAY), new Date(now.getTime() - HOUR)));
    now = new Date(now.getTime() + 16 * DAY);
    assert.equal((await read(first)).body.status, 'active');
    const second = await activeNotice(gw, noticeOf(pari.venueId, new Date(now.getTime() - DAY), new Date(now.getTime() - HOUR)));
    const list = await gw.call('GET', '/v1/exposure-notices?limit=100', { route: '/v1/exposure-notices', token: gw.token(['tracing']) });
    const listed = list.body.notices.map((n: { noticeId: string }) => n.noticeId);
    assert.deepEqual(
      listed.filter((id: string) => id === first || id === second),
      [second, first],
    );
  });

  it(`deletes a notice ${RISK_DAYS} days after its window ends`, async () => {
    const pari = await registerPari(gw);
    const to = new Date(now.getTime() - RISK_DAYS * DAY + LEFT_MS);
    const noticeId = await activeNotice(gw, noticeOf(pari.venueId, new Date(to.getTime() - DAY), to));
    assert.equal((await read(noticeId)).status, 200);
    if (store.name === 'in memory') {
      now = new Date(now.getTime() + LEFT_MS - 1);
      assert.equal((await read(noticeId)).status, 200, `kept until the ${RISK_DAYS} days have passed`);
      now = new Date(now.getTime() + 1);
      assert.equal((await read(noticeId)).status, 404);
    } else {
      await waitFor(async () => (await read(noticeId)).status === 404, LEFT_MS + 5000, 'the notice to expire');
    }
  });
});
