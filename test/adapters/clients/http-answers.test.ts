import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createTokhaiyteClient } from '../../../adapters/tokhaiyte/tokhaiyte-client';
import { goldenNative } from '../../support/mapping';
import { answers, BASE, expectFailure, outcome, standIn, usePlatformStandIn } from './client-behaviours';

const RECORD_PATH = '/api/v1/to-khai/TK21081500012345';
const byRecord =
  (baseUrl = BASE) =>
  (s: AbortSignal) =>
    createTokhaiyteClient({ baseUrl, dispatcher: standIn(), credentials: { apiKey: 'tk-key' } }).byRecord('TK21081500012345', undefined, s);

describe('platform answers on the wire', () => {
  usePlatformStandIn();

  it('reads a declaration the platform compressed with gzip or brotli as the declaration itself, its text as sent before compression', async () => {
    const text = JSON.stringify(goldenNative('tokhaiyte', '01'));
    const json = Buffer.from(text);
    answers({ path: RECORD_PATH }).reply(200, gzipSync(json), {
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    });
    assert.deepEqual(await outcome(byRecord()), { found: true, native: goldenNative('tokhaiyte', '01'), text });
    answers({ path: RECORD_PATH }).reply(200, brotliCompressSync(json), {
      headers: { 'content-encoding': 'br', 'content-type': 'application/json' },
    });
    assert.deepEqual(await outcome(byRecord()), { found: true, native: goldenNative('tokhaiyte', '01'), text });
  });

  it('refuses an answer of more than 1 MB as a failed connection, not a record', async () => {
    const padded = { ...(goldenNative('tokhaiyte', '01') as object), ghiChu: 'Nguyễn Văn An '.repeat(80_000) };
    answers({ path: RECORD_PATH }).reply(200, padded);
    expectFailure(await outcome(byRecord()), 'connection');
  });

  it("keeps the path of a base URL that has one, as the platform's gateway routes it", async () => {
    answers({ path: `/to-khai-y-te${RECORD_PATH}` }).reply(200, goldenNative('tokhaiyte', '01'));
    assert.equal(((await outcome(byRecord(`${BASE}/to-khai-y-te/`))) as { found: boolean }).found, true);
  });
});
