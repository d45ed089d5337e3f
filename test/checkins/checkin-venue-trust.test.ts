import assert from 'node:assert/strict';
import { anyVenueCallers } from '../../gateway/config';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-08-16T12:00:00+07:00');
/** The gateway's clock: NOW, but while a test moves it. */
let now = NOW;
/** Nguyễn Văn An by his CCCD, as a device that knows it would send it. */
const AN_BY_CCCD = { identifiers: [{ system: 'vn-cccd', value: '079085001234' }] };

/**
 * A person is checked in by their identifiers (or a platform's code) only by the venue's own
 * registrant or a citizens' app named in CHECKINS_ANY_VENUE: a hostile-caller review planted a stay of
 * a person whose CCCD it knew, from a café's device token, at a hotel under an exposure notice, and
 * every checkpoint then answered that person red.
 */
describeOnEveryStore('who may check a person in by their identifiers, and where', (store) => {
  let gw: TestGateway;
  let hotel: { venueId: string };
  let floor: { venueId: string };
  let an: { citizenId: string; qr: string };

  before(async () => {
    gw = await TestGateway.start({ ...store.env, CHECKINS_ANY_VENUE: 'ncovi-app, bluezone-app' }, () => now);
    const register = async (body: object) =>
      (await gw.call('POST', '/v1/venues', { body, token: gw.token(['venues:write'], 'khach-san-pari') })).body;
    hotel = await register({ name: 'Khách sạn Pari', kind: 'permanent', address: { province: 'Đà Nẵng' } });
    floor = await register({
      name: 'Tầng 3, Khách sạn Pari',
      kind: 'permanent',
      address: { province: '48' },
      parentVenueId: hotel.venueId,
    });
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.ok(ingested.ok && ingested.citizen);
    an = ingested.citizen;
  });
  after(() => gw?.stop());

  const post = (body: unknown, caller: string) => gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write'], caller) });
  const staysOfAn = async () =>
    (
      await gw.call('GET', `/v1/citizens/${an.citizenId}/stays`, {
        route: '/v1/citizens/{citizenId}/stays',
        token: gw.token(['citizens:read']),
      })
    ).body.stays;
  const checkIn = (venueId: string, at: string, subject: unknown = AN_BY_CCCD) => ({ venue: venueId, direction: 'in', at, subject });

  it("refuses another venue's device checking a person in by their CCCD, naming /venue, and stores nothing", async () => {
    const planted = await post(checkIn(hotel.venueId, '2021-08-16T09:00:00+07:00'), 'quan-ca-phe-thiet-bi-1');
    assert.equal(planted.status, 422);
    assert.deepEqual(
      planted.body.errors.map((e: { pointer: string }) => e.pointer),
      ['/venue'],
    );
    assert.deepEqual(await staysOfAn(), []);
  });

  it("refuses another venue's device before looking its subject up: whether the gateway knows the person shows in nothing, not even the time", async () => {
    // Every read a lookup of the subject makes, counted: a held phone's lookup reads more, and so took longer to refuse.
    const store = gw.gateway.store;
    const reads = { count: 0 };
    const counted = <K extends 'ownerOf' | 'phoneHolders' | 'getCitizen' | 'storedRecord' | 'getDeclaration'>(name: K) => {
      const original = store[name].bind(store) as (...args: unknown[]) => unknown;
      (store as unknown as Record<K, unknown>)[name] = (...args: unknown[]) => {
        reads.count += 1;
        return original(...args);
      };
      return () => ((store as unknown as Record<K, unknown>)[name] = original);
    };
    const restores = (['ownerOf', 'phoneHolders', 'getCitizen', 'storedRecord', 'getDeclaration'] as const).map(counted);
    try {
      const held = { fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', identifiers: [{ system: 'phone', value: '0912345678' }] };
      // Another's venue, and venues that are none: an unknown id, a forged venue code, a text of no shape.
      const venues: [string, string][] = [
        [hotel.venueId, 'not-allowed'],
        ['ven_AAAAAAAAAAAAAAAAAAAAAA', 'unknown-venue'],
        ['VNVN1:garbage', 'venue-qr-malformed'],
        ['the hotel', 'unknown-venue'],
      ];
      for (const [venue, code] of venues)
        for (const subject of [AN_BY_CCCD, held, 'TKYT:TK26112900012345']) {
          const refused = await post(checkIn(venue, '2021-08-16T09:00:00+07:00', subject), 'quan-ca-phe-thiet-bi-1');
          assert.deepEqual([refused.status, refused.body.errors.map((e: { code: string }) => e.code)], [422, [code]], venue);
        }
      assert.equal(reads.count, 0, 'the subjects were looked up');
      // A citizens' app's subject is looked up beside the venue, as before (here a venue that does not exist: nothing is stored).
      const unknown = await post(checkIn('ven_AAAAAAAAAAAAAAAAAAAAAA', '2021-08-16T09:05:00+07:00'), 'ncovi-app');
      assert.deepEqual([unknown.status, reads.count > 0], [422, true]);
    } finally {
      for (const restore of restores) restore();
    }
  });

  it("reads the venue's registrant once for its own device's check-in by identifiers: one wait more than beside the subject, not two", async () => {
    const venues = gw.gateway.venueStore;
    const venueOwner = venues.venueOwner.bind(venues);
    let reads = 0;
    venues.venueOwner = (...args: Parameters<typeof venueOwner>) => {
      reads += 1;
      return venueOwner(...args);
    };
    try {
      // Lê Văn Cường, whom the gateway does not know: stored unlinked, nobody else's stays touched.
      const someone = { identifiers: [{ system: 'vn-cccd', value: '001090000123' }] };
      const checkedIn = await post(checkIn(hotel.venueId, '2021-08-16T07:00:00+07:00', someone), 'khach-san-pari');
      assert.equal(checkedIn.status, 201, JSON.stringify(checkedIn.body));
    } finally {
      venues.venueOwner = venueOwner;
    }
    assert.equal(reads, 1);
  });

  it("takes the venue's own registrant, at the venue and under it, and a citizens' app named in CHECKINS_ANY_VENUE anywhere", async () => {
    assert.equal((await post(checkIn(hotel.venueId, '2021-08-16T08:00:00+07:00'), 'khach-san-pari')).status, 201);
    assert.equal((await post(checkIn(floor.venueId, '2021-08-16T08:30:00+07:00'), 'khach-san-pari')).status, 201);
    assert.equal((await post(checkIn(hotel.venueId, '2021-08-16T10:00:00+07:00'), 'ncovi-app')).status, 201);
    assert.equal((await staysOfAn()).length, 3);
  });

  it("takes the citizen's unified QR, shown by its holder, from any caller at any venue as it is scanned; not hours later", async () => {
    const live = await post(checkIn(floor.venueId, '2021-08-16T11:50:00+07:00', an.qr), 'quan-ca-phe-thiet-bi-1');
    assert.deepEqual([live.status, live.body.stay.citizenId], [201, an.citizenId]);
    // A code the device scanned once, replayed with a time of its choosing: refused at /at, nothing stored.
    const replayed = await post(checkIn(hotel.venueId, '2021-08-16T09:30:00+07:00', an.qr), 'quan-ca-phe-thiet-bi-1');
    assert.equal(replayed.status, 422);
    assert.deepEqual(
      replayed.body.errors.map((e: { pointer: string }) => e.pointer),
      ['/at'],
    );
    assert.ok((await staysOfAn()).every((stay: { in: string }) => stay.in !== '2021-08-16T09:30:00+07:00'));
    // 15 minutes is the edge: a scan of 11:45 is still live at noon, one of 11:44:59 is not.
    assert.equal((await post(checkIn(hotel.venueId, '2021-08-16T11:45:00+07:00', an.qr), 'quan-ca-phe-thiet-bi-3')).status, 201);
    assert.equal((await post(checkIn(hotel.venueId, '2021-08-16T11:44:59+07:00', an.qr), 'quan-ca-phe-thiet-bi-3')).status, 422);
    // The venue's registrant, and a named app, send it later.
    assert.equal((await post(checkIn(hotel.venueId, '2021-08-16T09:30:00+07:00', an.qr), 'khach-san-pari')).status, 201);
  });

  it('answers a live event sent again an hour later as it was recorded (a retry gets the same answer)', async () => {
    const event = checkIn(floor.venueId, '2021-08-16T11:55:00+07:00', an.qr);
    const first = await post(event, 'quan-ca-phe-thiet-bi-2');
    assert.equal(first.status, 201);
    now = new Date('2021-08-16T13:00:00+07:00');
    try {
      const again = await post(event, 'quan-ca-phe-thiet-bi-2');
      assert.deepEqual([again.status, again.body], [200, first.body]);
    } finally {
      now = NOW;
    }
  });

  it("refuses the same line of a batch on its own, the batch's other lines taken", async () => {
    const lines = [checkIn(hotel.venueId, '2021-08-16T07:00:00+07:00'), checkIn(hotel.venueId, '2021-08-16T11:58:00+07:00', an.qr)];
    const res = await gw.call('POST', '/v1/checkins:batch', {
      raw: lines.map((line) => JSON.stringify(line)).join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
      token: gw.token(['checkins:write'], 'quan-ca-phe-thiet-bi-1'),
    });
    assert.equal(res.status, 200);
    const answered = res.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      answered.slice(0, 2).map((line: { status: string; reasons?: { pointer: string }[] }) => [line.status, line.reasons?.[0]?.pointer]),
      [
        ['refused', '/venue'],
        ['created', undefined],
      ],
    );
  });
});

describe('CHECKINS_ANY_VENUE', () => {
  it('is every caller outside production unless given, and nobody in production; never * in production', () => {
    assert.equal(anyVenueCallers({}, false), '*');
    assert.deepEqual(anyVenueCallers({}, true), []);
    assert.deepEqual(anyVenueCallers({ CHECKINS_ANY_VENUE: 'ncovi-app, pc-covid' }, true), ['ncovi-app', 'pc-covid']);
    assert.deepEqual(anyVenueCallers({ CHECKINS_ANY_VENUE: 'none' }, false), []);
    assert.throws(() => anyVenueCallers({ CHECKINS_ANY_VENUE: '*' }, true), /CHECKINS_ANY_VENUE/);
    assert.throws(() => anyVenueCallers({ CHECKINS_ANY_VENUE: 'ncovi-app,,pc-covid' }, false), /CHECKINS_ANY_VENUE/);
  });
});
