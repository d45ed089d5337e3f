import assert from 'node:assert/strict';
import { createC06Client } from '../../../adapters/c06/c06-client';
import { c06SignatureMatches } from '../../../adapters/c06/c06-signature';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, expectFailure, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const make = () =>
  createC06Client({ baseUrl: BASE, dispatcher: standIn(), credentials: { clientId: 'vnhc-gateway', secret: 'c06-shared-secret' } });
const PATH = '/dbdc/v1/khai-bao/C06-79-20210815-000042';

describe('c06 lookup client', () => {
  sharedTransportBehaviours(make, (c, s) => c.byRecord('C06-79-20210815-000042', undefined, s), PATH);

  it('signs every request: X-Client-Id, Date, and an HMAC over method, path and date', async () => {
    let headers: Record<string, string | string[] | undefined> = {};
    answers({ path: PATH }).reply(200, (request) => {
      headers = request.headers as Record<string, string>;
      return { maLoi: '00', duLieu: goldenNative('c06', '01') };
    });
    assert.equal((await make().byRecord('C06-79-20210815-000042', undefined, new AbortController().signal)).found, true);
    assert.equal(headers['x-client-id'], 'vnhc-gateway');
    assert.ok(Math.abs(Date.parse(headers.date as string) - Date.now()) < 5000);
    assert.ok(c06SignatureMatches('c06-shared-secret', 'GET', PATH, headers.date as string, headers['x-signature'] as string));
  });

  it('reads 200 {"maLoi":"04","duLieu":null} as no record', async () => {
    answers({ path: '/dbdc/v1/cong-dan/079085001234/khai-bao/moi-nhat' }).reply(200, { maLoi: '04', duLieu: null });
    const subject = { documents: [{ system: 'vn-cccd' as const, value: '079085001234' }], phones: [], platformIds: [], scopes: [] };
    assert.deepEqual(await outcome((s) => make().latest(subject, s)), { found: false });
  });

  it('fails as a server error on any other error code', async () => {
    answers({ path: PATH }).reply(200, { maLoi: '99', duLieu: null });
    expectFailure(await outcome((s) => make().byRecord('C06-79-20210815-000042', undefined, s)), 'server-error');
  });

  it('asks only by a 12-digit personal number', async () => {
    const subject = { documents: [{ system: 'vn-cmnd' as const, value: '201234567' }], phones: [], platformIds: [], scopes: [] };
    assert.deepEqual(await make().latest(subject, new AbortController().signal), { found: false });
  });
});
