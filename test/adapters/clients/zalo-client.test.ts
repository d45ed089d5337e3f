import assert from 'node:assert/strict';
import nock from 'nock';
import { createZaloClient } from '../../../adapters/zalo/zalo-client';
import { goldenNative } from '../../support/mapping';
import { BASE, expectFailure, outcome, sharedTransportBehaviours } from './client-behaviours';

const make = () => createZaloClient({ baseUrl: BASE, credentials: { apiKey: 'zl-key' } });

describe('zalo lookup client', () => {
  sharedTransportBehaviours(
    make,
    (c, s) => c.byRecord('7301928374650192837', 'congan.quangnam', s),
    '/oa/congan.quangnam/forms/7301928374650192837',
  );

  it('gets a submission by account and id, with its API key', async () => {
    nock(BASE, { reqheaders: { 'x-api-key': 'zl-key' } })
      .get('/oa/congan.quangnam/forms/7301928374650192837')
      .reply(200, goldenNative('zalo', '01'));
    assert.equal((await make().byRecord('7301928374650192837', 'congan.quangnam', new AbortController().signal)).found, true);
  });

  it('reads 404 {"error":-201} as no such submission', async () => {
    nock(BASE).get('/oa/congan.hanam/forms/1234567').reply(404, { error: -201, message: 'not found' });
    assert.deepEqual(await outcome((s) => make().byRecord('1234567', 'congan.hanam', s)), { found: false });
  });

  it('keeps Retry-After from a 429 past the rate limit', async () => {
    nock(BASE).get('/oa/congan.hanam/forms/1234567').reply(429, { error: -32, message: 'rate limit' }, { 'Retry-After': '1' });
    expectFailure(await outcome((s) => make().byRecord('1234567', 'congan.hanam', s)), 'rate-limited', { retryAfterMs: 1000 });
  });

  it("asks for a user's newest form on the account the gateway saw them on", async () => {
    nock(BASE)
      .get('/oa/congan.quangnam/forms')
      .query({ zalo_user_id: '8412345678901234567', latest: '1' })
      .reply(200, goldenNative('zalo', '01'));
    const subject = {
      documents: [],
      phones: [],
      platformIds: [{ system: 'zalo' as const, value: '8412345678901234567' }],
      scopes: ['congan.quangnam'],
    };
    assert.equal((await make().latest(subject, new AbortController().signal)).found, true);
  });
});
