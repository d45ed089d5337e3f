import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { ISSUER, noticeOf, registerPari } from '../notices/notice-story';
import { goldenNative } from '../support/mapping';
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

  /**
   * Sends a request whose `method` write reaches the store and then fails as a lost answer does (a
   * 503 to the client): the id of what it wrote (`idField` of the write's first argument).
   */
  async function lostOnce(target: object, method: string, idField: string, send: () => Promise<{ status: number }>): Promise<string> {
    const store = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const write = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
    let landed: string | undefined;
    store[method] = async (...args: unknown[]) => {
      await write(...args);
      landed = (args[0] as Record<string, string>)[idField];
      throw new StoreUnavailable('redis: Command timeout');
    };
    try {
      assert.equal((await send()).status, 503);
    } finally {
      store[method] = write;
    }
    return landed as string;
  }

  it('registers one venue, answered as registered; another venue sent under the freed key is registered apart', async () => {
    const token = gw.token(['venues:write', 'venues:read'], 'hcm-markets');
    const body = { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } };
    const post = (sent: object, key: string) => gw.call('POST', '/v1/venues', { body: sent, headers: { 'idempotency-key': key }, token });
    const lost = (key: string) => lostOnce(gw.gateway.venueStore, 'addVenue', 'venueId', () => post(body, key));
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

  it('issues one notice, answered as it stands and said so on the trail; another notice sent under the freed key leaves the first alone', async () => {
    const pari = await registerPari(gw);
    const now = Date.now();
    const body = noticeOf(pari.venueId, new Date(now - 3 * HOUR), new Date(now - HOUR));
    const post = (sent: object, key: string) =>
      gw.call('POST', '/v1/exposure-notices', { body: sent, headers: { 'idempotency-key': key }, token: gw.token(['tracing'], ISSUER) });
    const lost = (key: string) => lostOnce(gw.gateway.noticeStore, 'addNotice', 'noticeId', () => post(body, key));
    const landed = await lost('notice-pari-1');
    const retry = await post(body, 'notice-pari-1');
    assert.deepEqual([retry.status, retry.body.noticeId, retry.body.status], [201, landed, 'pending']);
    const trail = async (noticeId: string) =>
      (await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve']) })).body.entries
        .filter((entry: { noticeId?: string }) => entry.noticeId === noticeId)
        .map((entry: { action: string; caseRef?: string }) => `${entry.action} ${entry.caseRef}`)
        .reverse();
    assert.deepEqual(await trail(landed), [`notice-issue-attempt ${body.caseRef}`, `notice-issue-retried ${body.caseRef}`]);
    // A key freed by a lost answer, then sent with another case's notice: that one is its own.
    const lostAgain = await lost('notice-pari-2');
    const another = await post({ ...body, caseRef: 'HP-BN1999' }, 'notice-pari-2');
    assert.equal(another.status, 201);
    assert.notEqual(another.body.noticeId, lostAgain);
    assert.deepEqual(await trail(lostAgain), [`notice-issue-attempt ${body.caseRef}`]);
  });

  it("revokes a citizen's code once: the retry is answered the code its own revocation made, and that code stays valid", async () => {
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '03'));
    assert.ok(ingested.ok && ingested.citizen);
    const { citizenId } = ingested.citizen;
    const revoke = () =>
      gw.call('POST', `/v1/citizens/${citizenId}/qr/revoke`, {
        headers: { 'idempotency-key': 'lost-phone-1' },
        token: gw.token(['operator'], 'so-y-te-ha-noi-van-hanh'),
        route: '/v1/citizens/{citizenId}/qr/revoke',
      });
    await lostOnce(gw.gateway.store, 'replaceQr', 'unused', revoke);
    const retry = await revoke();
    const stored = (await gw.gateway.store.getCitizen(citizenId))?.qr;
    assert.deepEqual([retry.status, retry.body.qr, stored?.version], [200, stored?.text, 2]);
    const scan = await gw.call('POST', '/v1/verify', { body: { qr: retry.body.qr } });
    assert.notEqual(scan.body.status, 'invalid');
  });
});
