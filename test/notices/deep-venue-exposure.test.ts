import assert from 'node:assert/strict';
import { MAX_VENUE_DEPTH } from '../../gateway/venues/venue-registration';
import { TestGateway } from '../support/test-gateway';
import { activeNotice, declareDuc, noticeOf, scan, stay } from './notice-story';

const HOUR = 3_600_000;

/**
 * A notice on a site reaches a checkpoint for a stay at any venue under it, as deep as registration
 * lets venues go: what tracing finds under the site, the checkpoint finds too.
 */
describe('a notice on a site and a stay as deep as venues go', function () {
  this.timeout(30000);
  let gw: TestGateway;
  const now = new Date();

  before(async () => {
    gw = await TestGateway.start({}, () => now);
  });
  after(() => gw?.stop());

  it(`is red at the checkpoint, and found by tracing, ${MAX_VENUE_DEPTH} levels under the site`, async () => {
    const chain: { venueId: string }[] = [];
    for (let level = 0; level <= MAX_VENUE_DEPTH; level++) {
      const parent = chain.at(-1);
      const registered = await gw.call('POST', '/v1/venues', {
        body: {
          name: level === 0 ? 'Khu đô thị Vinhomes Imperia' : `Tầng ${level}`,
          kind: 'permanent',
          address: { province: '31' },
          ...(parent ? { parentVenueId: parent.venueId } : {}),
        },
      });
      assert.equal(registered.status, 201, registered.text);
      chain.push(registered.body);
    }
    const [site, leaf] = [chain[0]!, chain.at(-1)!];
    const duc = await declareDuc(gw, now);
    await stay(gw, leaf.venueId, duc.qr, new Date(now.getTime() - 30 * HOUR), new Date(now.getTime() - 28 * HOUR));
    const from = new Date(now.getTime() - 48 * HOUR);
    const to = new Date(now.getTime() - 24 * HOUR);
    await activeNotice(gw, noticeOf(site.venueId, from, to));

    const answer = (await scan(gw, duc.qr)).body;
    assert.equal(answer.status, 'red', JSON.stringify(answer));
    assert.ok(answer.reasons.some((r: { code: string }) => r.code === 'venue-exposure'));
    const traced = await gw.call('POST', '/v1/tracing/queries', {
      body: { ...noticeOf(site.venueId, from, to), level: undefined, message: undefined, purpose: 'contact-tracing' },
      token: gw.token(['tracing']),
    });
    assert.equal(traced.status, 201, traced.text);
    assert.equal(traced.body.stays.length, 1);
  });
});
