import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const VENUE = '/v1/venues/{venueId}';
const VENUE_ID = /^ven_[0-9A-Za-z_-]{22}$/;
/** The week of the 2021 notices: a hotel in Hải Phòng on 23-25/3, flight VJ458 on 22/3. */
const NOW = new Date('2021-03-26T09:00:00+07:00');

const nfd = (text: string) => text.normalize('NFD');
const market = {
  name: 'Chợ Bến Thành',
  kind: 'permanent',
  address: { province: nfd('Thành phố Hồ Chí Minh'), district: 'Quận 1', ward: 'Phường Bến Thành', line: '  Lê   Lợi ' },
};
const hospital = {
  name: 'Bệnh viện Chợ Rẫy',
  kind: 'permanent',
  address: { province: 'Ho Chi Minh', line: '201B Nguyễn Chí Thanh, Quận 5' },
};
const flight = {
  name: 'Chuyến bay VJ458',
  kind: 'transport',
  address: { province: 'Hai Phong' },
  defaultStayMinutes: 120,
  transport: { vehicle: 'plane', number: 'vj458', date: '2021-03-22' },
};

describeOnEveryStore('venues API', (store) => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start(store.env, () => NOW);
  });
  after(() => gw?.stop());

  const register = (body: unknown, headers: Record<string, string> = {}) => gw.call('POST', '/v1/venues', { body, headers });

  it('registers a market, its province given as an NFD name and stored as its code, and reads it back as stored', async () => {
    const created = await register(market);
    assert.equal(created.status, 201);
    assert.match(created.body.venueId, VENUE_ID);
    assert.deepEqual(
      { ...created.body, venueId: undefined, qr: undefined },
      {
        venueId: undefined,
        qr: undefined,
        name: 'Chợ Bến Thành',
        kind: 'permanent',
        address: { provinceCode: '79', district: 'Quận 1', ward: 'Phường Bến Thành', line: 'Lê Lợi' },
        defaultStayMinutes: 60,
        createdAt: '2021-03-26T09:00:00+07:00',
      },
    );
    assert.match(created.body.qr, /^VNVN1:/);
    const read = await gw.call('GET', `/v1/venues/${created.body.venueId}`, { route: VENUE });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    const byTracer = await gw.call('GET', `/v1/venues/${created.body.venueId}`, { route: VENUE, token: gw.token(['tracing']) });
    assert.deepEqual(byTracer.body, created.body);
  });

  it('gives every venue its own random id, even two registrations of the same place', async () => {
    const [a, b] = await Promise.all([register(market), register(market)]);
    assert.notEqual(a.body.venueId, b.body.venueId);
  });

  it('registers a hospital ward under its hospital, the province given without diacritics', async () => {
    const parent = await register(hospital);
    assert.equal(parent.body.address.provinceCode, '79');
    const ward = await register({
      name: 'Khoa Hồi sức, Bệnh viện Chợ Rẫy',
      kind: 'permanent',
      address: { province: '79' },
      parentVenueId: parent.body.venueId,
      defaultStayMinutes: 480,
    });
    assert.equal(ward.status, 201);
    assert.equal(ward.body.parentVenueId, parent.body.venueId);
    assert.equal(ward.body.defaultStayMinutes, 480);
  });

  it('registers flight VJ458 of 22 March as a transport venue, its number as on the ticket', async () => {
    const created = await register(flight);
    assert.equal(created.status, 201);
    assert.equal(created.body.address.provinceCode, '31');
    assert.deepEqual(created.body.transport, { vehicle: 'plane', number: 'VJ458', date: '2021-03-22' });
  });

  it('refuses a registration with every reason and its pointer at once', async () => {
    const refused = await register({
      name: '\u200b\u200b',
      kind: 'permanent',
      address: { province: 'Atlantis' },
      parentVenueId: 'ven_AAAAAAAAAAAAAAAAAAAAAA',
      defaultStayMinutes: 5,
      transport: { vehicle: 'plane', number: 'VJ458', date: '2012-03-22' },
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort(), [
      '/address/province',
      '/defaultStayMinutes',
      '/name',
      '/parentVenueId',
      '/transport',
      '/transport/date',
    ]);
    assert.ok(!refused.text.includes('Atlantis'), 'a message never repeats the value');
  });

  it('refuses a transport venue without its trip, and a trip date that does not exist', async () => {
    const without = await register({ ...flight, transport: undefined });
    assert.deepEqual(
      without.body.errors.map((e: { pointer: string }) => e.pointer),
      ['/transport'],
    );
    const noSuchDay = await register({ ...flight, transport: { ...flight.transport, date: '2021-02-29' } });
    assert.equal(noSuchDay.status, 422);
    // invalid-date, as every other date that does not exist (a record's, a check-in's), not bad-format.
    assert.deepEqual(
      noSuchDay.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]),
      [['/transport/date', 'invalid-date']],
    );
  });

  it('answers a replay under the same Idempotency-Key with the first venue, and registers nothing new', async () => {
    const headers = { 'idempotency-key': `venue-${store.name.replace(/\W/g, '-')}` };
    const first = await register(market, headers);
    const again = await register(market, headers);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.venueId, first.body.venueId);
    assert.equal((await register({ ...market, name: 'Chợ Bình Tây' }, headers)).status, 409);
  });

  it('answers 404 problem+json for a venue it does not hold', async () => {
    for (const path of ['/v1/venues/ven_AAAAAAAAAAAAAAAAAAAAAA', '/v1/venues/ven_AAAAAAAAAAAAAAAAAAAAAA/qr.png']) {
      const res = await gw.call('GET', path);
      assert.equal(res.status, 404);
      assert.equal(res.body.type, 'https://gateway.vnhc.example/problems/not-found');
    }
  });

  it("hands out the venue's QR as text, as a PNG that prints at 15 × 15 cm and reads back, and as SVG", async () => {
    const { venueId, qr } = (await register(market)).body;
    assert.deepEqual((await gw.call('GET', `/v1/venues/${venueId}/qr`)).body, { qr });
    const png = PNG.sync.read((await gw.call('GET', `/v1/venues/${venueId}/qr.png`)).body);
    assert.ok(png.width >= 1772 && png.width === png.height, `${png.width} px a side: at least 15 cm at 300 dpi`);
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, qr);
    const svg = await gw.call('GET', `/v1/venues/${venueId}/qr.svg`);
    assert.match(svg.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.match(svg.text, /^<svg[^>]*viewBox/);
  });

  it('signs the venue QR with the published keys, carrying only the venue id, a version and its public name', async () => {
    const { venueId, qr } = (await register(hospital)).body;
    const jwks = (await gw.call('GET', '/.well-known/jwks.json')).body;
    const { payload, protectedHeader } = await jwtVerify(qr.slice('VNVN1:'.length), createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    assert.ok(jwks.keys.some((k: { kid: string }) => k.kid === protectedHeader.kid));
    assert.deepEqual(payload, { sub: venueId, v: 1, name: 'Bệnh viện Chợ Rẫy' });
  });
});
