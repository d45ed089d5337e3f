import assert from 'node:assert/strict';
import type { ExposureNotice } from '../../gateway/domain/exposure-notice';
import type { NoticeStore } from '../../gateway/store/notice-store';

const DAY = 86_400_000;
const id = (n: number) => `ntc_${String(n).padStart(22, '0')}`;
/** The Pari hotel's notice of 2021 (Ngô Quyền, Hải Phòng), as a store keeps it. */
const pari = (n: number, issuedAt = '2021-03-26T09:00:00+07:00'): ExposureNotice => ({
  noticeId: id(n),
  status: 'pending',
  venues: [{ venueId: 'ven_KhachSanPari000000000', name: 'Khách sạn Pari' }],
  from: '2021-03-23T00:00:00+07:00',
  to: '2021-03-26T00:00:00+07:00',
  level: 'close-contact',
  message: 'Ai đã đến khách sạn Pari, 2/8A Lê Hồng Phong, Ngô Quyền từ 23/3 đến 25/3 liên hệ ngay y tế địa phương',
  caseRef: 'HP-2021-0326',
  issuedBy: 'cdc-haiphong-officer-1',
  issuedAt,
});

/** The notice store contract: memory, Redis and Redis Cluster pass these same tests. `open` gives a fresh, empty store. */
export function noticeStoreContract(open: () => NoticeStore): void {
  let store: NoticeStore;
  beforeEach(() => {
    store = open();
  });

  it('stores a notice and finds it by id, as it was given; never replaces one under a taken id', async () => {
    assert.equal(await store.addNotice(pari(1), 30 * DAY), true);
    assert.deepEqual(await store.getNotice(id(1)), pari(1));
    assert.equal(await store.addNotice({ ...pari(1), caseRef: 'other' }, 30 * DAY), false);
    assert.equal((await store.getNotice(id(1)))?.caseRef, 'HP-2021-0326');
    assert.equal(await store.getNotice(id(2)), undefined);
  });

  it('changes a status only from the status expected (compare-and-set), and keeps the active index with it', async () => {
    await store.addNotice(pari(1), 30 * DAY);
    const active = { ...pari(1), status: 'active' as const, approvedBy: 'cdc-haiphong-officer-2', approvedAt: '2021-03-26T10:00:00+07:00' };
    assert.deepEqual(await store.transition(active, 'pending'), { changed: true, notice: active });
    assert.deepEqual(await store.activeNotices(), [active]);
    // Approving again, from what the caller believed was pending: refused, the stored notice answered.
    assert.deepEqual(await store.transition({ ...active, approvedBy: 'someone-else' }, 'pending'), { changed: false, notice: active });
    const withdrawn = { ...active, status: 'withdrawn' as const, withdrawnBy: 'cdc-haiphong-officer-1' };
    assert.equal((await store.transition(withdrawn, 'active'))?.changed, true);
    assert.deepEqual(await store.activeNotices(), []);
    assert.equal((await store.transition(active, 'pending'))?.changed, false);
    assert.equal(await store.transition({ ...pari(9), status: 'active' }, 'pending'), undefined);
  });

  // On Redis twenty scripts in flight at once, so it tests the script's compare-and-set; in memory each
  // call runs to its end before the next, so it shows only that a later one finds the status moved.
  // The race a gateway runs (read pending, then change) is test/notices/concurrent-approvals.test.ts.
  it('lets exactly one of twenty concurrent approvals through', async () => {
    await store.addNotice(pari(1), 30 * DAY);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transition({ ...pari(1), status: 'active', approvedBy: `officer-${i}` }, 'pending')),
    );
    assert.equal(outcomes.filter((o) => o?.changed).length, 1);
    assert.equal((await store.activeNotices()).length, 1);
  });

  it('lists notices newest first, in pages after a cursor, ties in the same millisecond by id', async () => {
    for (const n of [1, 2, 3]) await store.addNotice(pari(n, `2021-03-2${n}T09:00:00+07:00`), 30 * DAY);
    for (const n of [4, 5]) await store.addNotice(pari(n, '2021-03-26T09:00:00+07:00'), 30 * DAY);
    const ids = async (limit: number, after?: ExposureNotice) =>
      (await store.listNotices(limit, after && { issuedAtMs: Date.parse(after.issuedAt), noticeId: after.noticeId })).map(
        (n) => n.noticeId,
      );
    assert.deepEqual(await ids(10), [id(5), id(4), id(3), id(2), id(1)]);
    assert.deepEqual(await ids(2), [id(5), id(4)]);
    assert.deepEqual(await ids(2, pari(4, '2021-03-26T09:00:00+07:00')), [id(3), id(2)]);
    assert.deepEqual(await ids(2, pari(1, '2021-03-21T09:00:00+07:00')), []);
  });
}
