import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import nock from 'nock';
import { createTokhaiyteClient } from '../../../adapters/tokhaiyte/tokhaiyte-client';
import { goldenNative } from '../../support/mapping';
import { BASE, expectFailure, outcome, useNock } from './client-behaviours';

const RECORD_PATH = '/api/v1/to-khai/TK21081500012345';
const byRecord =
  (baseUrl = BASE) =>
  (s: AbortSignal) =>
    createTokhaiyteClient({ baseUrl, credentials: { apiKey: 'tk-key' } }).byRecord('TK21081500012345', undefined, s);

describe('platform answers on the wire', () => {
  useNock();

  it('reads a declaration the platform compressed with gzip or brotli as the declaration itself, its text as sent before compression', async () => {
    const text = JSON.stringify(goldenNative('tokhaiyte', '01'));
    const json = Buffer.from(text);
    nock(BASE).get(RECORD_PATH).reply(200, gzipSync(json), { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
    assert.deepEqual(await outcome(byRecord()), { found: true, native: goldenNative('tokhaiyte', '01'), text });
    nock(BASE).get(RECORD_PATH).reply(200, brotliCompressSync(json), { 'Content-Encoding': 'br', 'Content-Type': 'application/json' });
    assert.deepEqual(await outcome(byRecord()), { found: true, native: goldenNative('tokhaiyte', '01'), text });
  });

  it('refuses an answer of more than 1 MB as a failed connection, not a record', async () => {
    const padded = { ...(goldenNative('tokhaiyte', '01') as object), ghiChu: 'Nguyễn Văn An '.repeat(80_000) };
    nock(BASE).get(RECORD_PATH).reply(200, padded);
    expectFailure(await outcome(byRecord()), 'connection');
  });

  it("keeps the path of a base URL that has one, as the platform's gateway routes it", async () => {
    nock(BASE).get(`/to-khai-y-te${RECORD_PATH}`).reply(200, goldenNative('tokhaiyte', '01'));
    assert.equal(((await outcome(byRecord(`${BASE}/to-khai-y-te/`))) as { found: boolean }).found, true);
  });
});
