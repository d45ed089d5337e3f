import assert from 'node:assert/strict';
import { NOTICE_RETENTION_DAYS } from '../../gateway/domain/notice-retention';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';
import { activeNotice, noticeOf, registerPari } from './notice-story';

const DAY = 86_400_000;
/** How long the notice has left when issued: long enough for a loaded machine to read it back first. */
const LEFT_MS = 3000;

/**
 * A notice is kept 14 days after its window ends, then goes by itself with its place in the lists: in
 * memory when the gateway's clock passes that moment, in Redis by the key's own expiry (PX).
 */
describeOnEveryStore('retention of exposure notices', function (store) {
  this.timeout(20000);
  let gw: TestGateway;
  let now: Date;
  const token = () => gw.token(['tracing']);
  const read = (noticeId: string) =>
    gw.call('GET', `/v1/exposure-notices/${noticeId}`, { route: '/v1/exposure-notices/{noticeId}', token: token() });
  const listed = async () =>
    (await gw.call('GET', '/v1/exposure-notices', { token: token() })).body.notices.map((n: { noticeId: string }) => n.noticeId);

  before(async () => {
    now = new Date();
    gw = await TestGateway.start(store.env, () => now);
  });
  after(() => gw?.stop());

  it('deletes a notice 14 days after its window ends, from the list and the active ones too', async () => {
    const pari = await registerPari(gw);
    // The window ended 14 days less LEFT_MS ago: the notice has LEFT_MS to live.
    const to = new Date(now.getTime() - NOTICE_RETENTION_DAYS * DAY + LEFT_MS);
    const noticeId = await activeNotice(gw, noticeOf(pari.venueId, new Date(to.getTime() - 3 * DAY), to));
    assert.equal((await read(noticeId)).body.status, 'active');
    assert.deepEqual(await listed(), [noticeId]);
    assert.deepEqual(
      (await gw.gateway.noticeStore.activeNotices()).map((n) => n.noticeId),
      [noticeId],
    );

    if (store.name === 'in memory') {
      now = new Date(now.getTime() + LEFT_MS - 1);
      assert.equal((await read(noticeId)).status, 200, 'kept until the 14 days have passed');
      now = new Date(now.getTime() + 1);
      assert.equal((await read(noticeId)).status, 404);
    } else {
      // Redis's own clock runs: the key goes by itself once its time has passed.
      await waitFor(async () => (await read(noticeId)).status === 404, LEFT_MS + 5000, 'the notice to expire');
    }
    assert.deepEqual(await listed(), []);
    assert.deepEqual(await gw.gateway.noticeStore.activeNotices(), []);
  });
});
