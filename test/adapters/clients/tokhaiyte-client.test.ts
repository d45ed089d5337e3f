import assert from 'node:assert/strict';
import { createTokhaiyteClient } from '../../../adapters/tokhaiyte/tokhaiyte-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, outcome, sharedTransportBehaviours, standIn } from './client-behaviours';

const make = () => createTokhaiyteClient({ baseUrl: BASE, dispatcher: standIn(), credentials: { apiKey: 'tk-key' } });
const signal = () => new AbortController().signal;

describe('tokhaiyte lookup client', () => {
  sharedTransportBehaviours(make, (c, s) => c.byRecord('TK21081500012345', undefined, s), '/api/v1/to-khai/TK21081500012345');

  it('gets a declaration by its code, with its API key', async () => {
    answers({ path: '/api/v1/to-khai/TK21081500012345', headers: { 'x-api-key': 'tk-key' } }).reply(200, goldenNative('tokhaiyte', '01'));
    assert.deepEqual(await make().byRecord('TK21081500012345', undefined, signal()), {
      found: true,
      native: goldenNative('tokhaiyte', '01'),
      text: JSON.stringify(goldenNative('tokhaiyte', '01')),
    });
  });

  it('reads 404 {"loi":"KHONG_TIM_THAY"} as no such record, not a failure', async () => {
    answers({ path: '/api/v1/to-khai/TK00000000000000' }).reply(404, { loi: 'KHONG_TIM_THAY' });
    assert.deepEqual(await outcome((s) => make().byRecord('TK00000000000000', undefined, s)), { found: false });
  });

  it('asks for the newest declaration by document number', async () => {
    answers({ path: '/api/v1/to-khai', query: { so_giay_to: '079085001234', moi_nhat: '1' } }).reply(200, goldenNative('tokhaiyte', '01'));
    const result = await make().latest(
      { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] },
      signal(),
    );
    assert.equal(result.found, true);
  });

  it('does not call the platform for a citizen without a document', async () => {
    assert.deepEqual(await make().latest({ documents: [], phones: ['+84912345678'], platformIds: [], scopes: [] }, signal()), {
      found: false,
    });
  });
});
