import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

const DAY = 24 * 3600_000;
const QUERIES = '/v1/tracing/queries';
const CONTACTS = '/v1/tracing/queries/{queryId}/contacts';
/** Nguyễn Văn An at the Pari hotel, Hải Phòng, 21:00-21:30 on 25/3/2021: the day the clock starts from. */
const T0 = Date.parse('2021-03-25T21:30:00+07:00');

/**
 * A tracing query names who was where and when, as the stays it found did: it goes with the first of
 * them (CHECKIN_RETENTION_DAYS, 21, after it ends), however long a query is otherwise kept (14 days).
 * The memory store's expiry runs on the gateway's clock, moved here; Redis's expiry (PX) is the same number.
 */
describe('a tracing query kept for its contacts', () => {
  let gw: TestGateway;
  let now = T0;
  let hotel: string;
  const tracer = () => gw.token(['tracing', 'tracing:contact'], 'cdc-haiphong');
  const contactsOf = (queryId: string) => gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: tracer() });
  const ask = async () => {
    const body = {
      venues: [hotel],
      from: '2021-03-25T20:00:00+07:00',
      to: '2021-03-25T23:00:00+07:00',
      purpose: 'contact-tracing',
      caseRef: 'HP-2021-BN2557',
    };
    const res = await gw.call('POST', QUERIES, { body, token: tracer() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.citizens, 1);
    return res.body.queryId as string;
  };

  before(async () => {
    gw = await TestGateway.start({}, () => new Date(now));
    hotel = (await gw.call('POST', '/v1/venues', { body: { name: 'Khách sạn Pari', kind: 'permanent', address: { province: '31' } } })).body
      .venueId;
    const native = goldenNative('tokhaiyte', '01');
    Object.assign(native, { ma_to_khai: 'TK21032500000777', thoi_gian_khai_bao: '25/03/2021 08:00' });
    native.di_chuyen.ngay_di = '25/03/2021';
    const an = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(an.ok && an.citizen, JSON.stringify(an));
    for (const [direction, at] of [
      ['in', '2021-03-25T21:00:00+07:00'],
      ['out', '2021-03-25T21:30:00+07:00'],
    ]) {
      const res = await gw.call('POST', '/v1/checkins', {
        body: { venue: hotel, direction, at, subject: an.citizen.qr },
        token: gw.token(['checkins:write']),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });
  after(() => gw?.stop());

  it('goes when the first stay it names goes, when that comes before its 14 days: asked on day 20, gone on day 21', async () => {
    now = T0 + 20 * DAY;
    const queryId = await ask();
    assert.equal((await contactsOf(queryId)).status, 200);
    now = T0 + 21 * DAY - 60_000;
    assert.equal((await contactsOf(queryId)).status, 200, 'a minute before the stay goes');
    now = T0 + 21 * DAY + 60_000;
    assert.equal((await contactsOf(queryId)).status, 404, 'a minute after');
  });

  it('is kept its 14 days when its stays outlive them: asked on the day, gone on day 14', async () => {
    now = T0 + 3600_000;
    const queryId = await ask();
    now = T0 + 3600_000 + 14 * DAY - 60_000;
    assert.equal((await contactsOf(queryId)).status, 200);
    now = T0 + 3600_000 + 14 * DAY + 60_000;
    assert.equal((await contactsOf(queryId)).status, 404);
  });
});

/** With check-ins kept 14 days, as long as a query: a stay near its retention's end then decides when the query goes. */
describe('a tracing query over a stay still open when it was asked', () => {
  let gw: TestGateway;
  let now = T0 + 14 * DAY;
  after(() => gw?.stop());

  it('goes no later than the stay, which a check-out then cut short (hostile probe: it outlived the stay by its default length)', async () => {
    gw = await TestGateway.start({ CHECKIN_RETENTION_DAYS: '14' }, () => new Date(now));
    const tracer = gw.token(['tracing', 'tracing:contact'], 'cdc-haiphong');
    const hotel = (
      await gw.call('POST', '/v1/venues', {
        body: { name: 'Khách sạn Pari', kind: 'permanent', address: { province: '31' }, defaultStayMinutes: 240 },
      })
    ).body.venueId;
    const native = goldenNative('tokhaiyte', '01');
    Object.assign(native, { ma_to_khai: 'TK21032500000778', thoi_gian_khai_bao: '25/03/2021 08:00' });
    native.di_chuyen.ngay_di = '25/03/2021';
    const an = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(an.ok && an.citizen, JSON.stringify(an));
    const qr = an.citizen.qr;
    // He checked in at 21:30 on 25/3, 14 days less two hours ago, as a device uploads it late; still open.
    const checkedIn = T0;
    const event = (direction: string, at: number) =>
      gw.call('POST', '/v1/checkins', {
        body: { venue: hotel, direction, at: new Date(at).toISOString(), subject: qr },
        token: gw.token(['checkins:write']),
      });
    now = T0 + 14 * DAY - 2 * 3600_000;
    assert.equal((await event('in', checkedIn)).status, 201);
    const window = { from: new Date(checkedIn - 3600_000).toISOString(), to: new Date(checkedIn + 3600_000).toISOString() };
    const body = { venues: [hotel], ...window, purpose: 'contact-tracing', caseRef: 'HP-2021-BN2601' };
    const asked = await gw.call('POST', QUERIES, { body, token: tracer });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    // His check-out, ten minutes after he came: the stay now goes 14 days after 21:40, in 2 hours 10 minutes.
    assert.equal((await event('out', checkedIn + 10 * 60_000)).status, 201);
    now = checkedIn + 10 * 60_000 + 14 * DAY + 60_000;
    const contacts = await gw.call('GET', `${QUERIES}/${asked.body.queryId}/contacts`, { route: CONTACTS, token: tracer });
    assert.equal(contacts.status, 404, 'a minute after the stay went');
  });
});
