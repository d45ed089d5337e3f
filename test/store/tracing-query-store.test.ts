import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { StoredTracingQuery } from '../../gateway/domain/tracing';
import { MemoryTracingQueryStore, RedisTracingQueryStore, type TracingQueryStore } from '../../gateway/store/tracing-query-store';
import { sharedRedisConnection } from '../support/redis';
import { waitFor } from '../support/wait-for';

const QUERY: StoredTracingQuery = {
  queryId: 'trq_KhachSanPari2303000000',
  askedBy: 'cdc-haiphong',
  purpose: 'contact-tracing',
  caseRef: 'HP-2021-BN2557',
  askedAt: '2021-03-27T09:00:00+07:00',
  citizenIds: ['cit_PhamVanHung00000000', 'cit_NguyenThiLan0000000'],
};

/** The tracing query store contract: memory and Redis pass these same tests. */
function tracingQueryStoreContract(
  open: (clock: { now: number }) => TracingQueryStore,
  passTime: (clock: { now: number }, ms: number) => void,
): void {
  it('keeps a query by its id, ids only, and knows no other', async () => {
    const store = open({ now: Date.now() });
    await store.putQuery(QUERY, 60_000);
    assert.deepEqual(await store.getQuery(QUERY.queryId), QUERY);
    assert.equal(await store.getQuery('trq_AAAAAAAAAAAAAAAAAAAAAA'), undefined);
  });

  it('keeps its edge stays apart, and forgets them first: when the last of them can go, though the query is kept longer', async () => {
    const clock = { now: Date.now() };
    const store = open(clock);
    const edgeStays = [
      { citizenId: 'cit_TranThiBinh000000000', venueId: 'ven_KhachSanPari00000000A', stayId: 'sty_PhongBayLinhHai0000000' },
    ];
    await store.putQuery({ ...QUERY, edgeStays }, 60_000, 50);
    assert.deepEqual(await store.getQuery(QUERY.queryId), { ...QUERY, edgeStays });
    passTime(clock, 60);
    await waitFor(async () => (await store.getQuery(QUERY.queryId))?.edgeStays === undefined, 5000, 'the edge stays to go');
    assert.deepEqual(await store.getQuery(QUERY.queryId), QUERY);
  });

  it('forgets a query once its time to live has passed', async () => {
    const clock = { now: Date.now() };
    const store = open(clock);
    await store.putQuery(QUERY, 50);
    passTime(clock, 60);
    await waitFor(async () => (await store.getQuery(QUERY.queryId)) === undefined, 5000, 'the query to expire');
  });
}

describe('tracing query store: in memory', () => {
  tracingQueryStoreContract(
    (clock) => new MemoryTracingQueryStore(() => clock.now),
    (clock, ms) => {
      clock.now += ms;
    },
  );
});

describe('tracing query store: Redis', function () {
  const connection = sharedRedisConnection();
  // Redis's own clock expires the key: the test polls for it to go.
  tracingQueryStoreContract(
    () => new RedisTracingQueryStore(connection().commands, `test:${randomBytes(6).toString('hex')}:`),
    () => {},
  );
});
