import assert from 'node:assert/strict';
import type { StayStore } from '../../gateway/store/stay-store';
import { holdVenueStays, untilHeld } from '../support/held-venue-stays';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-03-27T12:00:00+07:00');
const WINDOW = { from: '2021-03-23 00:00', to: '2021-03-26 00:00', purpose: 'contact-tracing', caseRef: 'HP-2021-BN2601' };

/** The operators size tracing to their pods: the queries a process answers at once and a query's budget are configuration. */
describe('tracing limits from configuration (TRACING_MAX_QUERIES, TRACING_BUDGET_MS)', function () {
  this.timeout(20000);
  let gw: TestGateway;
  let market: { venueId: string };

  before(async () => {
    gw = await TestGateway.start({ TRACING_MAX_QUERIES: '1', TRACING_BUDGET_MS: '1000' }, () => NOW);
    market = (await gw.call('POST', '/v1/venues', { body: { name: 'Chợ Sắt', kind: 'permanent', address: { province: '31' } } })).body;
  });
  after(() => gw?.stop());

  it('answers one query at once, a second 503 with Retry-After, and the held one 503 once its one-second budget is spent', async () => {
    const hold = holdVenueStays(gw.gateway.stayStore as StayStore);
    try {
      const ask = () =>
        fetch(`${gw.baseUrl}/v1/tracing/queries`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.token(['tracing'], 'cdc-haiphong')}` },
          body: JSON.stringify({ venues: [market.venueId], ...WINDOW }),
        });
      const first = ask();
      await untilHeld(hold, 1);
      assert.equal(hold.waiting(), 1);
      const second = await ask();
      assert.deepEqual([second.status, second.headers.get('retry-after')], [503, '1']);
      const answered = await first;
      assert.equal(answered.status, 503);
      assert.match(((await answered.json()) as { detail: string }).detail, /within 1000 ms/);
    } finally {
      hold.restore();
    }
  });

  it('refuses to start with a value out of its range, naming the variable', async () => {
    await assert.rejects(TestGateway.start({ TRACING_MAX_QUERIES: '0' }), /TRACING_MAX_QUERIES/);
    await assert.rejects(TestGateway.start({ TRACING_BUDGET_MS: 'ten seconds' }), /TRACING_BUDGET_MS/);
  });
});
