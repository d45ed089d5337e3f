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
