import assert from 'node:assert/strict';
import { formatIct } from '../../gateway/normalize/dates';
import { putStay } from '../../gateway/store/stay-store';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const QUERIES = '/v1/tracing/queries';
const CONTACTS = '/v1/tracing/queries/{queryId}/contacts';
/** Two guests check in at the Pari hotel, Hải Phòng (a default stay of 12 hours), and never check out. */
const T0 = Date.parse('2021-03-25T21:00:00+07:00');

/**
 * An open stay may yet be cut short by a check-out, so a query counts it as going CHECKIN_RETENTION_DAYS
 * (21) after its start. One begun 21 days and an hour ago (still held: until its default end and 21
 * days) may go at any moment: counted, it made the whole query go as it was answered, its contacts a
 * 404 (a hostile review, 2026-12-01). It does not shorten the query's life; its guest, often the
 * closest contact, is among the contacts while the stay is held, and not once it has gone (left out
 * altogether before, the tracer never had their phone).
 */
describe('a tracing query at the edge of the check-ins kept', () => {
  let gw: TestGateway;
  let now = T0;
  const tracer = () => gw.token(['tracing', 'tracing:contact'], 'cdc-haiphong');

  it('keeps its contacts for the guests whose stays last, and names the one whose stay may go now only while that stay is held', async () => {
    gw = await TestGateway.start({}, () => new Date(now));
    try {
      const hotel = (
        await gw.call('POST', '/v1/venues', {
          body: { name: 'Khách sạn Pari', kind: 'permanent', address: { province: '31' }, defaultStayMinutes: 720 },
        })
      ).body.venueId;
      const guests = [];
      for (const [record, native, at] of [
        ['TK21032500000778', goldenNative('tokhaiyte', '01'), T0],
        // The next evening: this stay goes half an hour after the first guest's, and the query with it.
        ['TK21032500000779', goldenNative('tokhaiyte', '03'), T0 + DAY + 30 * 60_000],
      ] as const) {
        Object.assign(native, { ma_to_khai: record, thoi_gian_khai_bao: '25/03/2021 08:00' });
        if (native.di_chuyen) native.di_chuyen.ngay_di = '25/03/2021';
        const guest = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
        assert.ok(guest.ok && guest.citizen, JSON.stringify(guest));
        now = at + 60_000;
        const res = await gw.call('POST', '/v1/checkins', {
          body: { venue: hotel, direction: 'in', at: formatIct(at), subject: guest.citizen.qr },
          token: gw.token(['checkins:write']),
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        guests.push(guest.citizen.citizenId);
      }
      now = T0 + 21 * DAY + HOUR;
      const body = {
        venues: [hotel],
        from: formatIct(now - 21 * DAY + 60_000),
        to: formatIct(now - 20 * DAY),
        purpose: 'contact-tracing',
        caseRef: 'HP-2021-BN2557',
      };
      const asked = await gw.call('POST', QUERIES, { body, token: tracer() });
      assert.deepEqual([asked.status, asked.body.citizens], [201, 2]);
      const contactIds = async () => {
        const contacts = await gw.call('GET', `${QUERIES}/${asked.body.queryId}/contacts`, { route: CONTACTS, token: tracer() });
        assert.equal(contacts.status, 200, contacts.text);
        return contacts.body.contacts.map((c: { citizenId: string; phones: string[] }) => [c.citizenId, c.phones.length > 0]);
      };
      assert.deepEqual(
        await contactIds(),
        [...guests].sort().map((id) => [id, true]),
      );
      const kept = () => gw.gateway.tracingQueries.getQuery(asked.body.queryId);
      // The first guest's stay goes early (written again, closed, with a minute left to it): the
      // query still keeps its edge stays, and does not name the guest by a stay gone.
      const [first] = await gw.gateway.stayStore.citizenStays(guests[0] as string, 0, Infinity, 1);
      assert.ok(first);
      await putStay(
        gw.gateway.stayStore,
        { ...first, out: formatIct(T0 + HOUR), outSource: 'manual' },
        { keepForMs: 60_000, forgetBeforeMs: 0 },
      );
      now += 2 * 60_000;
      assert.deepEqual([await contactIds(), (await kept())?.edgeStays?.length], [[[guests[1], true]], 1]);
      // Past the stay's own end and 21 days (12 hours after its start), the query keeps no trace of it.
      now = T0 + 21 * DAY + 12 * HOUR + 60_000;
      assert.deepEqual([await contactIds(), (await kept())?.edgeStays], [[[guests[1], true]], undefined]);
    } finally {
      await gw.stop();
    }
  });
});
