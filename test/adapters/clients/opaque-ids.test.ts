import assert from 'node:assert/strict';
import { createBluezoneClient } from '../../../adapters/bluezone/bluezone-client';
import { createC06Client } from '../../../adapters/c06/c06-client';
import { c06SignatureMatches } from '../../../adapters/c06/c06-signature';
import { createNcoviClient } from '../../../adapters/ncovi/ncovi-client';
import { createSmartcityClient } from '../../../adapters/smartcity/smartcity-client';
import { createTokhaiyteClient } from '../../../adapters/tokhaiyte/tokhaiyte-client';
import { createZaloClient } from '../../../adapters/zalo/zalo-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, expectFailure, outcome, standIn, usePlatformStandIn } from './client-behaviours';

const connection = () => ({
  baseUrl: BASE,
  dispatcher: standIn(),
  credentials: { apiKey: 'k', token: 't', clientId: 'vnhc-gateway', secret: 's' },
});
const signal = () => new AbortController().signal;

/** The raw path and query a request was sent with, as the platform sees them. */
function capture(status: number, body: unknown): { path: () => string } {
  let seen = '';
  answers({ path: () => true }).reply(status, (request) => {
    seen = request.path;
    return body as object;
  });
  return { path: () => seen };
}

describe('lookup clients with opaque ids', () => {
  usePlatformStandIn();

  it('sends each id as one encoded path segment, so an id with ":", "/", "?" or "#" cannot reach another route', async () => {
    const tokhaiyte = capture(404, { loi: 'KHONG_TIM_THAY' });
    await createTokhaiyteClient(connection()).byRecord('tk:2021/08?x=1#y', undefined, signal());
    assert.equal(tokhaiyte.path(), '/api/v1/to-khai/tk%3A2021%2F08%3Fx%3D1%23y');

    const zalo = capture(404, { error: -201 });
    await createZaloClient(connection()).byRecord('ZL-2021_AbC.1', 'CongAn.QuangNam', signal());
    assert.equal(zalo.path(), '/oa/CongAn.QuangNam/forms/ZL-2021_AbC.1');

    const smartcity = capture(404, { message: 'Not Found' });
    await createSmartcityClient(connection(), 'hanoi').byRecord('hn/../admin', undefined, signal());
    assert.equal(smartcity.path(), '/hanoi/api/reports/hn%2F..%2Fadmin');
  });

  it('signs the C06 path exactly as it is sent, encoded', async () => {
    let headers: Record<string, unknown> = {};
    let path = '';
    answers({ path: () => true }).reply(200, (request) => {
      headers = request.headers as Record<string, string>;
      path = request.path;
      return { maLoi: '00', duLieu: goldenNative('c06', '01') };
    });
    assert.equal((await createC06Client(connection()).byRecord('c06:79:2021.08.15', undefined, signal())).found, true);
    assert.equal(path, '/dbdc/v1/khai-bao/c06%3A79%3A2021.08.15');
    assert.ok(c06SignatureMatches('s', 'GET', path, headers.date as string, headers['x-signature'] as string));
  });

  it('encodes query values with encodeURIComponent: the + of an E.164 phone and a ":" in a user id arrive as sent', async () => {
    const ncovi = capture(404, { error: 'not_found' });
    await createNcoviClient(connection()).latest({ documents: [], phones: ['+84912345678'], platformIds: [], scopes: [] }, signal());
    assert.equal(ncovi.path(), '/v2/declarations?phone=%2B84912345678&latest=true');

    const zalo = capture(404, { error: -201 });
    await createZaloClient(connection()).latest(
      { documents: [], phones: [], platformIds: [{ system: 'zalo', value: 'u:84 12&x' }], scopes: ['congan.hanam'] },
      signal(),
    );
    assert.equal(zalo.path(), '/oa/congan.hanam/forms?zalo_user_id=u%3A84%2012%26x&latest=1');
  });

  it('refuses an id of dots alone as a bad request, without calling the platform (a URL resolves "." and ".." however escaped)', async () => {
    for (const id of ['.', '..', '']) {
      const result = await outcome((s) => createBluezoneClient(connection()).byRecord(id, undefined, s));
      expectFailure(result, 'bad-request');
    }
    // No answer was set: a request would fail the test as one the stand-in refuses (no real connections).
  });
});
