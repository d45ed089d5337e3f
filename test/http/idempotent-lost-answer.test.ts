import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { ISSUER, noticeOf, registerPari } from '../notices/notice-story';
import { TestGateway } from '../support/test-gateway';

const HOUR = 3_600_000;

/**
 * A write that reached the store while its answer was lost (a Redis command timeout after Redis ran
 * it) is a 503, "send it again: never stored twice", and frees its Idempotency-Key. Found by a
 * hostile review: the retry, under the same key and body, made a second venue under a new random
 * id. Now what a request creates under an id takes its retries' id (gateway/domain/retry-ids.ts).
 */
describe('a retry under the same Idempotency-Key after a write whose answer was lost', function () {
  this.timeout(30000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start();
  });
  after(() => gw.stop());

  /** Runs `send` with `write` reaching the store and then failing as a lost answer does; what it wrote, by id. */
  async function lostOnce<T extends { [key: string]: unknown }, K extends keyof T>(target: T, method: K, send: () => Promise<unknown>) {
    const write = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
    const landed: unknown[][] = [];
    target[method] = (async (...args: unknown[]) => {
      await write(...args);
      landed.push(args);
      throw new StoreUnavailable('redis: Command timeout');
    }) as T[K];
    try {
      await send();
    } finally {
      target[method] = write as T[K];
    }
    return landed;
  }

  it('registers one venue, answered as registered; another venue sent under the freed key is registered apart', async () => {
    const token = gw.token(['venues:write', 'venues:read'], 'hcm-markets');
    const body = { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } };
    const post = (sent: object, key: string) => gw.call('POST', '/v1/venues', { body: sent, headers: { 'idempotency-key': key }, token });
    const lost = async (key: string) => {
      let first: Awaited<ReturnType<typeof post>> | undefined;
      const landed = await lostOnce(gw.gateway.venueStore as never, 'addVenue', async () => (first = await post(body, key)));
      assert.equal(first?.status, 503);
      return (landed[0]?.[0] as { venueId: string }).venueId;
    };
    const landed = await lost('venue-cho-ben-thanh-1');
    const retry = await post(body, 'venue-cho-ben-thanh-1');
    assert.deepEqual([retry.status, retry.body.venueId], [201, landed]);
    // A key freed by a lost answer, then sent with another venue: that venue is its own, not the lost one.
    const lostAgain = await lost('venue-cho-2');
    const another = await post({ ...body, name: 'Chợ Bình Tây' }, 'venue-cho-2');
    assert.equal(another.status, 201);
    assert.notEqual(another.body.venueId, lostAgain);
    assert.equal(another.body.name, 'Chợ Bình Tây');
  });

  it('issues one notice, answered as issued', async () => {
    const pari = await registerPari(gw);
    const now = Date.now();
    const body = noticeOf(pari.venueId, new Date(now - 3 * HOUR), new Date(now - HOUR));
    const headers = { 'idempotency-key': 'notice-pari-1' };
    const post = () => gw.call('POST', '/v1/exposure-notices', { body, headers, token: gw.token(['tracing'], ISSUER) });
    let first: Awaited<ReturnType<typeof post>> | undefined;
    const landed = await lostOnce(gw.gateway.noticeStore as never, 'addNotice', async () => (first = await post()));
    assert.equal(first?.status, 503);
    const retry = await post();
    assert.deepEqual([retry.status, retry.body.noticeId], [201, (landed[0]?.[0] as { noticeId: string }).noticeId]);
    const listed = await gw.call('GET', '/v1/exposure-notices?limit=100', { route: '/v1/exposure-notices', token: gw.token(['tracing']) });
    assert.equal(listed.body.notices.filter((n: { caseRef: string }) => n.caseRef === body.caseRef).length, 1);
  });
});
