import assert from 'node:assert/strict';
import { UpstreamError } from '../../../adapters';
import { createZaloClient } from '../../../adapters/zalo/zalo-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, expectFailure, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const make = () => createZaloClient({ baseUrl: BASE, dispatcher: standIn(), credentials: { apiKey: 'zl-key' } });

describe('zalo lookup client', () => {
  sharedTransportBehaviours(
    make,
    (c, s) => c.byRecord('7301928374650192837', 'congan.quangnam', s),
    '/oa/congan.quangnam/forms/7301928374650192837',
  );

  it('gets a submission by account and id, with its API key', async () => {
    answers({ path: '/oa/congan.quangnam/forms/7301928374650192837', headers: { 'x-api-key': 'zl-key' } }).reply(
      200,
      goldenNative('zalo', '01'),
    );
    assert.equal((await make().byRecord('7301928374650192837', 'congan.quangnam', new AbortController().signal)).found, true);
  });

  it('reads 404 {"error":-201} as no such submission', async () => {
    answers({ path: '/oa/congan.hanam/forms/1234567' }).reply(404, { error: -201, message: 'not found' });
    assert.deepEqual(await outcome((s) => make().byRecord('1234567', 'congan.hanam', s)), { found: false });
  });

  it("fails a 404 of another of Zalo's errors as a refused request, not counted by the breaker (a code anyone can make), and a proxy's page as malformed", async () => {
    answers({ path: '/oa/nosuch/forms/1234567' }).reply(404, { error: -224, message: 'official account not found' });
    expectFailure(await outcome((s) => make().byRecord('1234567', 'nosuch', s)), 'bad-request', { status: 404 });
    answers({ path: '/oa/congan.hanam/forms/1234567' }).reply(404, '<html><h1>404 Not Found</h1></html>', {
      headers: { 'content-type': 'text/html' },
    });
    expectFailure(await outcome((s) => make().byRecord('1234567', 'congan.hanam', s)), 'malformed', { status: 404 });
  });

  it('probes under the national account, which every deployment has: an account of no meaning might be unknown', async () => {
    answers({ path: '/oa/phongchongcorona/forms/HEALTHPROBE000000' }).reply(404, { error: -201, message: 'not found' });
    assert.deepEqual(await outcome((s) => make().probe!(s)), { found: false });
  });

  it('keeps Retry-After from a 429 past the rate limit', async () => {
    answers({ path: '/oa/congan.hanam/forms/1234567' }).reply(
      429,
      { error: -32, message: 'rate limit' },
      { headers: { 'retry-after': '1' } },
    );
    expectFailure(await outcome((s) => make().byRecord('1234567', 'congan.hanam', s)), 'rate-limited', { retryAfterMs: 1000 });
  });

  it("asks for a user's newest form on the account the gateway saw them on", async () => {
    answers({ path: '/oa/congan.quangnam/forms', query: { zalo_user_id: '8412345678901234567', latest: '1' } }).reply(
      200,
      goldenNative('zalo', '01'),
    );
    const subject = {
      documents: [],
      phones: [],
      platformIds: [{ system: 'zalo' as const, value: '8412345678901234567' }],
      scopes: ['congan.quangnam'],
    };
    assert.equal((await make().latest(subject, new AbortController().signal)).found, true);
  });

  it('says a user it has no account to ask under cannot be asked, never "not found", and sends nothing', async () => {
    const subject = { documents: [], phones: [], platformIds: [{ system: 'zalo' as const, value: '8412345678901234567' }], scopes: [] };
    assert.equal(make().canAsk?.(subject), false);
    assert.equal(make().canAsk?.({ ...subject, scopes: ['congan.quangnam'] }), true);
    await assert.rejects(
      make().latest(subject, new AbortController().signal),
      (error: unknown) => error instanceof UpstreamError && error.kind === 'bad-request',
    );
  });
});
