import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-08-16T12:00:00+07:00');
/** The gateway's clock: NOW, but while a test sends an event as it happens. */
let now = NOW;
const STAYS = '/v1/citizens/{citizenId}/stays';
/** The Ministry's example record: Nguyễn Văn An, CCCD 079085001234, phone 0912 345 678. */
const AN_PHONE_ALONE = { identifiers: [{ system: 'phone', value: '0912345678' }] };
const AN_BY_CCCD = { identifiers: [{ system: 'vn-cccd', value: '079085001234' }] };

describeOnEveryStore('what a check-in tells its caller, and whose stays it may move', (store) => {
  let gw: TestGateway;
  let market: { venueId: string };
  let pharmacy: { venueId: string };
  let an: { citizenId: string; qr: string };
  before(async () => {
    gw = await TestGateway.start(store.env, () => now);
    const venue = async (name: string) =>
      (await gw.call('POST', '/v1/venues', { body: { name, kind: 'permanent', address: { province: '79' } } })).body;
    market = await venue('Chợ Bến Thành');
    pharmacy = await venue('Nhà thuốc Long Châu, 379 Hai Bà Trưng');
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.ok(ingested.ok && ingested.citizen);
    an = ingested.citizen;
  });
  after(() => gw?.stop());
  const post = (body: unknown, caller: string) => gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write'], caller) });
  const staysOf = async () =>
    (await gw.call('GET', `/v1/citizens/${an.citizenId}/stays`, { route: STAYS, token: gw.token(['citizens:read']) })).body.stays;
  const atMarket = async () => (await staysOf()).find((s: any) => s.venueId === market.venueId && s.in === '2021-08-16T10:07:13+07:00');

  it("answers a probe by another caller only what it sent: never the person's id, their check-in time, nor a close of their stay", async () => {
    const opened = await post(
      { venue: market.venueId, direction: 'in', at: '2021-08-16T10:07:13+07:00', subject: an.qr },
      'cho-ben-thanh-cong-1',
    );
    assert.equal(opened.body.stay.citizenId, an.citizenId, 'the unified QR, shown by its holder, is answered with its citizen');
    for (const subject of [AN_PHONE_ALONE, AN_BY_CCCD, 'TKYT:TK26112900012345']) {
      const probe = await post({ venue: market.venueId, direction: 'out', at: '2021-08-16T10:30:00+07:00', subject }, 'someone-else');
      assert.equal(probe.status, 201, JSON.stringify(probe.body));
      assert.equal('citizenId' in probe.body.stay, false);
      assert.deepEqual(
        [probe.body.stay.in, probe.body.stay.out, probe.body.stay.outSource],
        ['2021-08-16T09:30:00+07:00', '2021-08-16T10:30:00+07:00', 'inferred'],
        JSON.stringify(subject),
      );
    }
    const elsewhere = await post(
      { venue: pharmacy.venueId, direction: 'in', at: '2021-08-16T10:40:00+07:00', subject: AN_BY_CCCD },
      'someone-else',
    );
    assert.equal(elsewhere.body.stay.linked, true);
    assert.deepEqual([(await atMarket()).out, (await atMarket()).outSource], ['2021-08-16T11:07:13+07:00', 'auto'], 'still open');
  });

  it('never links a phone alone (the same probe is stored unlinked); a document does, and says only linked', async () => {
    const byPhone = await post(
      { venue: pharmacy.venueId, direction: 'in', at: '2021-08-16T09:00:00+07:00', subject: AN_PHONE_ALONE },
      'someone-else',
    );
    assert.equal(byPhone.body.stay.linked, false);
    const byCccd = await post(
      { venue: pharmacy.venueId, direction: 'in', at: '2021-08-16T08:00:00+07:00', subject: AN_BY_CCCD },
      'someone-else',
    );
    assert.deepEqual([byCccd.body.stay.linked, 'citizenId' in byCccd.body.stay], [true, false]);
  });

  it("pairs a check-out with the caller's own check-in by identifiers, and with anyone's by the citizen's QR as it happens", async () => {
    // Sent later with its past time, another caller's event does not end the market's stay: a
    // backdated check-out would take a close contact's exposure away (a hostile caller's try).
    const late = await post({ venue: market.venueId, direction: 'out', at: '2021-08-16T10:35:00+07:00', subject: an.qr }, 'ncovi-app');
    assert.deepEqual([late.body.stay.in, late.body.stay.outSource], ['2021-08-16T09:35:00+07:00', 'inferred']);
    assert.deepEqual([(await atMarket()).out, (await atMarket()).outSource], ['2021-08-16T11:07:13+07:00', 'auto']);
    now = new Date('2021-08-16T10:35:04+07:00');
    try {
      const out = await post({ venue: market.venueId, direction: 'out', at: '2021-08-16T10:35:00+07:00', subject: an.qr }, 'ncovi-app-2');
      assert.deepEqual(
        [out.body.stay.in, out.body.stay.outSource, out.body.stay.citizenId],
        ['2021-08-16T10:07:13+07:00', 'manual', an.citizenId],
      );
    } finally {
      now = NOW;
    }
    const device = 'nha-thuoc-long-chau-379';
    await post({ venue: pharmacy.venueId, direction: 'in', at: '2021-08-16T11:00:00+07:00', subject: AN_BY_CCCD }, device);
    const own = await post({ venue: pharmacy.venueId, direction: 'out', at: '2021-08-16T11:20:00+07:00', subject: AN_BY_CCCD }, device);
    assert.deepEqual([own.body.stay.in, own.body.stay.outSource, own.body.stay.linked], ['2021-08-16T11:00:00+07:00', 'manual', true]);
  });

  it("closes a device's stay from the citizen's app as it happens, even after the stay's default time ran out", async () => {
    await post({ venue: pharmacy.venueId, direction: 'in', at: '2021-08-16T06:00:00+07:00', subject: an.qr }, 'nha-thuoc-thiet-bi-1');
    now = new Date('2021-08-16T07:30:02+07:00');
    try {
      const out = await post({ venue: pharmacy.venueId, direction: 'out', at: '2021-08-16T07:30:00+07:00', subject: an.qr }, 'ncovi-app-3');
      assert.deepEqual(
        [out.body.stay.in, out.body.stay.out, out.body.stay.outSource],
        ['2021-08-16T06:00:00+07:00', '2021-08-16T07:30:00+07:00', 'manual'],
      );
    } finally {
      now = NOW;
    }
  });

  it("keeps each caller's source ids its own: another integrator's same id is a new event, not a 409 nor a replay", async () => {
    const source = { instance: 'ncovi', eventId: 'CHK-0042' };
    const event = { venue: market.venueId, direction: 'in', at: '2021-08-16T07:00:00+07:00', subject: AN_BY_CCCD, source };
    assert.equal((await post(event, 'cho-ben-thanh-cong-1')).status, 201);
    const squat = await post({ ...event, at: '2021-08-16T07:05:00+07:00' }, 'someone-else');
    assert.equal(squat.status, 201);
    assert.equal((await post(event, 'cho-ben-thanh-cong-1')).status, 200);
  });

  it('refuses with 403 a token without the scope: check-ins, batches, and stays', async () => {
    const body = { venue: market.venueId, direction: 'in', at: '2021-08-16T10:00:00+07:00', subject: an.qr };
    const wrong = gw.token(['venues:read']);
    assert.equal((await gw.call('POST', '/v1/checkins', { body, token: wrong })).status, 403);
    const batch = await gw.call('POST', '/v1/checkins:batch', {
      raw: `${JSON.stringify(body)}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      token: wrong,
    });
    assert.equal(batch.status, 403);
    const stays = await gw.call('GET', `/v1/citizens/${an.citizenId}/stays`, { route: STAYS, token: gw.token(['checkins:write']) });
    assert.equal(stays.status, 403);
  });
});
