import assert from 'node:assert/strict';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { MAX_CHILD_VENUES, MAX_VENUE_DEPTH } from '../../gateway/venues/venue-registration';

const NOW = new Date('2021-03-26T09:00:00+07:00');

/** The Pari hotel of Hải Phòng, its floors and wards: a tree one registrant builds, bounded in depth and breadth. */
describeOnEveryStore('venue trees', (store) => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start(store.env, () => NOW);
  });
  after(() => gw?.stop());

  const hotelDevice = () => gw.token(['venues:write'], 'pari-hotel');
  const register = (name: string, parentVenueId?: string, token = hotelDevice()) =>
    gw.call('POST', '/v1/venues', {
      body: { name, kind: 'permanent', address: { province: '31' }, ...(parentVenueId ? { parentVenueId } : {}) },
      token,
    });
  const refusedAtParent = (res: { status: number; body: { errors: { pointer: string; code: string }[] } }) => {
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.errors.map((e) => [e.pointer, e.code]),
      [['/parentVenueId', 'not-allowed']],
    );
  };

  it("refuses a floor under another caller's venue, and takes it from the venue's own registrant", async () => {
    const hotel = (await register('Khách sạn Pari')).body;
    refusedAtParent(await register('Tầng 5', hotel.venueId, gw.token(['venues:write'], 'some-shop-device')));
    assert.equal((await register('Tầng 5', hotel.venueId)).status, 201);
  });

  it(`takes venues ${MAX_VENUE_DEPTH} levels under a site and refuses one deeper`, async () => {
    let parent = (await register('Khu đô thị')).body.venueId as string;
    for (let level = 1; level <= MAX_VENUE_DEPTH; level++) {
      const created = await register(`Tầng ${level}`, parent);
      assert.equal(created.status, 201, `level ${level}: ${JSON.stringify(created.body)}`);
      parent = created.body.venueId;
    }
    refusedAtParent(await register('Tầng quá sâu', parent));
  });

  it(`takes ${MAX_CHILD_VENUES} venues under one parent, registered at once, and refuses every one past them`, async () => {
    const hotel = (await register('Khách sạn Pari')).body;
    const answers = await Promise.all(Array.from({ length: MAX_CHILD_VENUES + 10 }, (_, i) => register(`Phòng ${i}`, hotel.venueId)));
    assert.equal(answers.filter((a) => a.status === 201).length, MAX_CHILD_VENUES);
    for (const refused of answers.filter((a) => a.status !== 201)) refusedAtParent(refused);
  });
});
