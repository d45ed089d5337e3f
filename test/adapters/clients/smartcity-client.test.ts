import assert from 'node:assert/strict';
import { createSmartcityClient } from '../../../adapters/smartcity/smartcity-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const make = () => createSmartcityClient({ baseUrl: BASE, dispatcher: standIn(), credentials: { apiKey: 'sc-key' } }, 'hanoi');

describe('smartcity lookup client', () => {
  sharedTransportBehaviours(make, (c, s) => c.byRecord('HN-2021-0720-88812', undefined, s), '/hanoi/api/reports/HN-2021-0720-88812');

  it("gets a report under its city's path, with its API key", async () => {
    answers({ path: '/hanoi/api/reports/HN-2021-0720-88812', headers: { 'x-api-key': 'sc-key' } }).reply(
      200,
      goldenNative('smartcity-hanoi', '01'),
    );
    assert.equal((await make().byRecord('HN-2021-0720-88812', undefined, new AbortController().signal)).found, true);
  });

  it('reads 404 {"message":"Not Found"} as no such report', async () => {
    answers({ path: '/hanoi/api/reports/HN-2021-0101-00000' }).reply(404, { message: 'Not Found' });
    assert.deepEqual(await outcome((s) => make().byRecord('HN-2021-0101-00000', undefined, s)), { found: false });
  });

  it('asks for the newest report by national id', async () => {
    answers({ path: '/hanoi/api/reports', query: { nationalId: '001192004567', latest: 'true' } }).reply(
      200,
      goldenNative('smartcity-hanoi', '01'),
    );
    const subject = { documents: [{ system: 'vn-cccd' as const, value: '001192004567' }], phones: [], platformIds: [], scopes: [] };
    assert.equal((await make().latest(subject, new AbortController().signal)).found, true);
  });
});
