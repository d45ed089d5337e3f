import assert from 'node:assert/strict';
import { createNcoviClient } from '../../../adapters/ncovi/ncovi-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, expectFailure, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const ID = '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f10';
const make = () => createNcoviClient({ baseUrl: BASE, dispatcher: standIn(), credentials: { token: 'ncovi-token' } });

describe('ncovi lookup client', () => {
  sharedTransportBehaviours(make, (c, s) => c.byRecord(ID, undefined, s), `/v2/declarations/${ID}`);

  it('gets a declaration by id with its bearer token, unwrapping {"data": ...}', async () => {
    answers({ path: `/v2/declarations/${ID}`, headers: { authorization: 'Bearer ncovi-token' } }).reply(200, {
      data: goldenNative('ncovi', '01'),
    });
    assert.deepEqual(await make().byRecord(ID, undefined, new AbortController().signal), {
      found: true,
      native: goldenNative('ncovi', '01'),
      // The whole answer as it came: what tells a repeated answer (adapter-router.ts).
      text: JSON.stringify({ data: goldenNative('ncovi', '01') }),
    });
  });

  it('reads 404 {"error":"not_found"} as no such record', async () => {
    answers({ path: `/v2/declarations/${ID}` }).reply(404, { error: 'not_found' });
    assert.deepEqual(await outcome((s) => make().byRecord(ID, undefined, s)), { found: false });
  });

  it('fails as malformed on a 200 without data', async () => {
    answers({ path: `/v2/declarations/${ID}` }).reply(200, { result: 'ok' });
    expectFailure(await outcome((s) => make().byRecord(ID, undefined, s)), 'malformed');
  });

  it('asks for the newest by document number, or by phone when there is none', async () => {
    answers({ path: '/v2/declarations', query: { idNumber: '079085001234', latest: 'true' } }).reply(200, {
      data: goldenNative('ncovi', '01'),
    });
    answers({ path: '/v2/declarations', query: { phone: '+84912345678', latest: 'true' } }).reply(404, { error: 'not_found' });
    const subject = {
      documents: [{ system: 'vn-cccd' as const, value: '079085001234' }],
      phones: ['+84912345678'],
      platformIds: [],
      scopes: [],
    };
    assert.equal((await make().latest(subject, new AbortController().signal)).found, true);
    assert.equal((await make().latest({ ...subject, documents: [] }, new AbortController().signal)).found, false);
  });

  it('fails as a retryable connection failure when NCOVI drops the connection mid-response', async () => {
    answers({ path: `/v2/declarations/${ID}` }).replyWithError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    expectFailure(await outcome((s) => make().byRecord(ID, undefined, s)), 'connection');
  });
});
