import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const SINGLE = '/v1/sources/{instance}/declarations';

describeOnEveryStore('Idempotency-Key on POST', (store) => {
  // A gateway, and so an empty store, for each test.
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await TestGateway.start(store.env);
  });
  afterEach(() => gw.stop());

  const post = (body: unknown, key: string, subject = 'partner-a') =>
    gw.call('POST', '/v1/sources/ncovi/declarations', {
      body,
      headers: { 'idempotency-key': key },
      token: gw.token(['declarations:write'], subject),
      route: SINGLE,
    });

  it('replays the first answer, status included, for the same key and body', async () => {
    const first = await post(goldenNative('ncovi', '01'), 'key-1');
    const again = await post(goldenNative('ncovi', '01'), 'key-1');
    assert.deepEqual([first.status, again.status], [201, 201]);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  });

  it('answers 409 for the same key with a different body, and changes nothing', async () => {
    await post(goldenNative('ncovi', '03'), 'key-2');
    const conflict = await post(goldenNative('ncovi', '04'), 'key-2');
    assert.equal(conflict.status, 409);
    const fresh = await post(goldenNative('ncovi', '04'), 'key-3');
    assert.equal(fresh.status, 201);
  });

  it('keeps keys apart between partners', async () => {
    const a = await post(goldenNative('ncovi', '05'), 'shared-key', 'partner-a');
    const b = await post(goldenNative('ncovi', '06'), 'shared-key', 'partner-b');
    assert.deepEqual([a.status, b.status], [201, 201]);
  });

  it('frees the key of a refused request for a corrected retry', async () => {
    const bad = await post({ ...goldenNative('ncovi', '02'), createdAt: 5 }, 'key-4');
    assert.equal(bad.status, 422);
    // A different body under the same key: the refusal did not hold the key.
    assert.equal((await post(goldenNative('ncovi', '02'), 'key-4')).status, 201);
  });

  it('answers what was done when the store cannot keep the answer for replay, leaving the key to hold it or expire', async () => {
    const store = gw.gateway.store;
    const complete = store.completeIdempotencyKey;
    store.completeIdempotencyKey = () => Promise.reject(new StoreUnavailable('Redis did not answer in time'));
    let first;
    try {
      first = await post(goldenNative('ncovi', '07'), 'key-5');
    } finally {
      store.completeIdempotencyKey = complete;
    }
    assert.equal(first.status, 201, JSON.stringify(first.body));
    // Not freed: the write may have landed after all; a retry within the minute hears it is still in flight.
    assert.equal((await post(goldenNative('ncovi', '07'), 'key-5')).status, 409);
  });

  it("runs a retry after a 503 whose key claim the store confirmed too late: the late claim is let go, never a 409 'still in progress'", async () => {
    const store = gw.gateway.store;
    const claim = store.claimIdempotencyKey;
    // The claim reaches the store, but its answer comes after the gateway gave up on it (a stalled Redis).
    let landed: Promise<unknown> | undefined;
    store.claimIdempotencyKey = (...args) => {
      landed = claim.apply(store, args);
      return Promise.reject(new StoreUnavailable('Redis did not answer in time'));
    };
    let first;
    try {
      first = await post(goldenNative('ncovi', '06'), 'key-6');
    } finally {
      store.claimIdempotencyKey = claim;
    }
    await landed;
    assert.deepEqual([first.status, first.headers.get('retry-after')], [503, '1']);
    const retry = await post(goldenNative('ncovi', '06'), 'key-6');
    assert.equal(retry.status, 201, JSON.stringify(retry.body));
  });

  it('refuses a malformed key with 400', async () => {
    assert.equal((await post(goldenNative('ncovi', '02'), 'key with spaces')).status, 400);
  });
});
