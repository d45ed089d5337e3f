import assert from 'node:assert/strict';
import { createBluezoneClient } from '../../../adapters/bluezone/bluezone-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const make = () => createBluezoneClient({ baseUrl: BASE, dispatcher: standIn(), credentials: { apiKey: 'bz-key' } });

describe('bluezone lookup client', () => {
  sharedTransportBehaviours(make, (c, s) => c.byRecord('BZ7K2M9QXA', undefined, s), '/api/v3/risk/BZ7K2M9QXA');

  it('gets a device by its id with its API key', async () => {
    answers({ path: '/api/v3/risk/BZ7K2M9QXA', headers: { 'x-api-key': 'bz-key' } }).reply(200, goldenNative('bluezone', '01'));
    assert.equal((await make().byRecord('BZ7K2M9QXA', undefined, new AbortController().signal)).found, true);
  });

  it('reads a 404 with an empty body as an unknown device', async () => {
    answers({ path: '/api/v3/risk/BZ0000000000' }).reply(404);
    assert.deepEqual(await outcome((s) => make().byRecord('BZ0000000000', undefined, s)), { found: false });
  });

  it('asks by phone as digits without +, when it knows no device', async () => {
    answers({ path: '/api/v3/risk', query: { phone: '84912345678' } }).reply(200, goldenNative('bluezone', '01'));
    assert.equal(
      (await make().latest({ documents: [], phones: ['+84912345678'], platformIds: [], scopes: [] }, new AbortController().signal)).found,
      true,
    );
  });
});
