import assert from 'node:assert/strict';
import type { Venue } from '../../gateway/domain/venue';
import type { VenueStore } from '../../gateway/store/venue-store';

/** The venue store contract: memory, Redis and Redis Cluster pass these same tests. `open` gives a fresh, empty store. */
export function venueStoreContract(open: () => VenueStore): void {
  let store: VenueStore;
  beforeEach(() => {
    store = open();
  });

  const market: Venue = {
    venueId: 'ven_AAAAAAAAAAAAAAAAAAAAAA',
    name: 'Chợ Bến Thành',
    kind: 'permanent',
    address: { provinceCode: '79', district: 'Quận 1', line: 'Lê Lợi, Phường Bến Thành' },
    defaultStayMinutes: 60,
    qr: 'VNVN1:a.b.c',
    createdAt: '2021-07-01T08:00:00+07:00',
  };

  it('stores a venue and finds it by id, as it was given', async () => {
    assert.equal(await store.addVenue(market), true);
    assert.deepEqual(await store.getVenue(market.venueId), market);
    assert.equal(await store.getVenue('ven_BBBBBBBBBBBBBBBBBBBBBB'), undefined);
  });

  it('never replaces a venue: a second venue under a taken id is refused and the first kept', async () => {
    await store.addVenue(market);
    assert.equal(await store.addVenue({ ...market, name: 'Chợ Bình Tây' }), false);
    assert.equal((await store.getVenue(market.venueId))?.name, 'Chợ Bến Thành');
  });

  it("lists a venue's children (a floor, a ward) under their parent, and none under a venue without", async () => {
    const floor = { ...market, venueId: 'ven_CCCCCCCCCCCCCCCCCCCCCC', name: 'Tầng 2, Chợ Bến Thành', parentVenueId: market.venueId };
    const stall = { ...market, venueId: 'ven_DDDDDDDDDDDDDDDDDDDDDD', name: 'Quầy 12, Tầng 2', parentVenueId: floor.venueId };
    for (const venue of [market, floor, stall]) await store.addVenue(venue);
    assert.deepEqual(await store.childVenues(market.venueId), [floor.venueId]);
    assert.deepEqual(await store.childVenues(floor.venueId), [stall.venueId]);
    assert.deepEqual(await store.childVenues(stall.venueId), []);
  });

  it('lets exactly one of twenty concurrent writers have an id', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => store.addVenue({ ...market, name: `Quầy ${i}` })));
    assert.equal(taken.filter(Boolean).length, 1);
  });

  it('keeps who registered a venue beside it, and knows nobody for a venue registered without one', async () => {
    await store.addVenue(market, 'ben-thanh-board');
    await store.addVenue({ ...market, venueId: 'ven_CCCCCCCCCCCCCCCCCCCCCC' });
    assert.equal(await store.venueOwner(market.venueId), 'ben-thanh-board');
    assert.equal(await store.venueOwner('ven_CCCCCCCCCCCCCCCCCCCCCC'), undefined);
  });

  it('lists at most the bound of children under a parent, twenty claiming at once, and takes a listed child again', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `ven_${String(i).padStart(22, 'E')}`);
    const claimed = await Promise.all(ids.map((id) => store.claimChild(market.venueId, id, 5)));
    assert.equal(claimed.filter(Boolean).length, 5);
    const listed = await store.childVenues(market.venueId);
    assert.equal(listed.length, 5);
    assert.equal(await store.claimChild(market.venueId, listed[0] as string, 5), true);
  });
}
