import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-08-16T12:00:00+07:00');

/**
 * A citizen's app uploads its offline history in one batch: 32 visits to four eateries, a check-in
 * and a check-out each, by the citizen's own code. Found by a hostile review: on Redis the window's
 * events of the one citizen raced one compare-and-set of their stays, and 30 of 64 lines failed
 * `store-unavailable` with Redis healthy. A process now writes one citizen's events one at a time.
 */
describeOnEveryStore("a batch of one citizen's check-ins", (store) => {
  let gw: TestGateway;
  const venues: string[] = [];
  let an: { citizenId: string; qr: string };
  before(async () => {
    gw = await TestGateway.start(store.env, () => NOW);
    for (const name of ['Phở Hòa Pasteur', 'Bánh mì Huỳnh Hoa', 'Cơm tấm Ba Ghiền', 'Bún chả 145']) {
      const venue = await gw.call('POST', '/v1/venues', { body: { name, kind: 'permanent', address: { province: '79' } } });
      venues.push(venue.body.venueId);
    }
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.ok(ingested.ok && ingested.citizen);
    an = ingested.citizen;
  });
  after(() => gw?.stop());

  it('creates every event and the stays of their order in time, none failed while the store answered', async () => {
    const start = Date.parse('2021-08-14T06:00:00+07:00');
    const events = Array.from({ length: 32 }, (_, i) => [
      { venue: venues[i % 4], direction: 'in', at: new Date(start + i * 20 * 60_000).toISOString(), subject: an.qr },
      { venue: venues[i % 4], direction: 'out', at: new Date(start + i * 20 * 60_000 + 10 * 60_000).toISOString(), subject: an.qr },
    ]).flat();
    const res = await gw.call('POST', '/v1/checkins:batch', {
      raw: `${events.map((event) => JSON.stringify(event)).join('\n')}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      token: gw.token(['checkins:write'], 'ung-dung-cong-dan'),
    });
    const lines = res.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(lines.at(-1).summary, { ...lines.at(-1).summary, created: 64, failed: 0 });
    const stays = (
      await gw.call('GET', `/v1/citizens/${an.citizenId}/stays`, {
        route: '/v1/citizens/{citizenId}/stays',
        token: gw.token(['citizens:read']),
      })
    ).body.stays;
    assert.equal(stays.length, 32);
    assert.ok(stays.every((stay: { outSource: string }) => stay.outSource === 'manual'));
  });
});
