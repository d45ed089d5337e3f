import assert from 'node:assert/strict';
import type { StayStore } from '../../gateway/store/stay-store';
import { csvCell } from '../../gateway/tracing/contacts-csv';
import { goldenNative } from '../support/mapping';
import { holdVenueStays, untilHeld } from '../support/held-venue-stays';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-03-27T12:00:00+07:00');
const QUERIES = '/v1/tracing/queries';
const CONTACTS = '/v1/tracing/queries/{queryId}/contacts';
const WINDOW = { from: '2021-03-23 00:00', to: '2021-03-26 00:00', purpose: 'contact-tracing', caseRef: 'HP-2021-BN2557' };

describe('tracing, after the hostile review', function () {
  let gw: TestGateway;
  let hotel: { venueId: string };
  const tracer = () => gw.token(['tracing', 'tracing:contact'], 'cdc-haiphong');
  const declare = async (n: number, name: string, phone: string) => {
    const native = goldenNative('tokhaiyte', '01');
    Object.assign(native, { ma_to_khai: `TK21032500009${n}`, ho_ten: name, so_giay_to: '031190001234', dien_thoai: phone });
    Object.assign(native, { thoi_gian_khai_bao: '25/03/2021 08:00', nam_sinh: 1990 });
    native.gioi_tinh = 'Nữ';
    native.di_chuyen.ngay_di = '25/03/2021';
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(ingested.ok, JSON.stringify(ingested));
    // The impostor's sender is told no citizen (a disputed join): null.
    return ingested.citizen;
  };

  before(async () => {
    gw = await TestGateway.start({}, () => NOW);
    hotel = (await gw.call('POST', '/v1/venues', { body: { name: 'Khách sạn Pari', kind: 'permanent', address: { province: '31' } } }))
      .body;
  });
  after(() => gw?.stop());

  it("gives a citizen's phones from undisputed records only: an impostor's record with her CCCD adds no phone", async () => {
    const lan = await declare(1, 'Nguyễn Thị Lan', '0903111222');
    assert.ok(lan);
    assert.equal(await declare(2, 'Kẻ Giả Mạo', '0904999888'), null);
    for (const [direction, at] of [
      ['in', '2021-03-24T20:00:00+07:00'],
      ['out', '2021-03-24T22:00:00+07:00'],
    ]) {
      const res = await gw.call('POST', '/v1/checkins', {
        body: { venue: hotel.venueId, direction, at, subject: lan.qr },
        token: gw.token(['checkins:write']),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const { queryId } = (await gw.call('POST', QUERIES, { body: { venues: [hotel.venueId], ...WINDOW }, token: tracer() })).body;
    const contacts = await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: tracer() });
    assert.deepEqual(contacts.body.contacts, [{ citizenId: lan.citizenId, fullName: 'Nguyễn Thị Lan', phones: ['+84903111222'] }]);
  });

  it('asks a query again under the same Idempotency-Key: a new query id and a new audit line, no replayed answer', async () => {
    const ask = () =>
      gw.call('POST', QUERIES, { body: { venues: [hotel.venueId], ...WINDOW }, token: tracer(), headers: { 'idempotency-key': 'k-1' } });
    const [first, second] = [await ask(), await ask()];
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), null);
    assert.notEqual(first.body.queryId, second.body.queryId);
    const trail = (await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve']) })).body.entries;
    for (const { queryId } of [first.body, second.body]) assert.ok(trail.some((e: { queryId?: string }) => e.queryId === queryId));
  });

  it('answers 2 queries at once per process, and a third 503 with Retry-After', async () => {
    const hold = holdVenueStays(gw.gateway.stayStore as StayStore);
    try {
      const ask = () =>
        fetch(`${gw.baseUrl}${QUERIES}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tracer()}` },
          body: JSON.stringify({ venues: [hotel.venueId], ...WINDOW }),
        });
      const running = [ask(), ask()];
      await untilHeld(hold, 2);
      assert.equal(hold.waiting(), 2);
      const third = await ask();
      assert.equal(third.status, 503);
      assert.equal(third.headers.get('retry-after'), '1');
      hold.release();
      assert.deepEqual(
        (await Promise.all(running)).map((r) => r.status),
        [201, 201],
      );
    } finally {
      hold.restore();
    }
  });

  it('answers 400 problem+json, not 500, to a path that is not percent-encoding', async () => {
    for (const path of [`${QUERIES}/%ZZ/contacts`, '/v1/venues/%ZZ']) {
      const res = await fetch(`${gw.baseUrl}${path}`, { headers: { authorization: `Bearer ${tracer()}` } });
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    }
  });

  it('refuses a contacts page after something that is not a citizen id with 400', async () => {
    const { queryId } = (await gw.call('POST', QUERIES, { body: { venues: [hotel.venueId], ...WINDOW }, token: tracer() })).body;
    const res = await gw.call('GET', `${QUERIES}/${queryId}/contacts?after=x`, { route: CONTACTS, token: tracer() });
    assert.equal(res.status, 400);
  });
});

describe('a CSV cell', () => {
  it('is escaped when a formula starts behind spaces, a no-break space, quotes or invisible characters, or in full width', () => {
    for (const text of [
      ' =1+1',
      '\u00a0=1+1',
      '"=1+1',
      "'=1+1",
      '\n=1+1',
      '\u200b=1+1',
      '＝1+1',
      '＋1',
      '\t=1',
      '\r=1',
      '-1+1',
      '@SUM(A1)',
    ])
      assert.ok(csvCell(text).startsWith(`"'`), JSON.stringify(text));
  });

  it('is left as it is when it is text', () => {
    assert.equal(csvCell('Nguyễn Thị Lan'), '"Nguyễn Thị Lan"');
    assert.equal(csvCell('Trần "Văn" A'), '"Trần ""Văn"" A"');
  });
});
