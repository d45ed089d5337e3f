import assert from 'node:assert/strict';
import { BATCH_WINDOW } from '../../gateway/http/batch-ingest';
import { StoreFull, StoreUnavailable } from '../../gateway/store/store-errors';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const BATCH = '/v1/sources/{instance}/declarations:batch';
const ndjson = (records: unknown[]) => `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describeOnEveryStore('batch ingest API (NDJSON)', (store) => {
  // A gateway, and so an empty store, for each test.
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await TestGateway.start(store.env);
  });
  afterEach(() => gw.stop());

  it('answers one line per input line in order, then a summary; one bad line never fails the others', async () => {
    const refused = { ...goldenNative('zalo', '01'), submission_id: '7301928374650299999', submitted_at: 'hôm qua' };
    const body = ndjson([goldenNative('zalo', '01'), '{not json', refused, goldenNative('zalo', '02'), goldenNative('zalo', '01')]);
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: body,
      headers: { 'content-type': 'application/x-ndjson' },
      route: BATCH,
    });
    assert.equal(res.status, 200);
    const out = lines(res.text);
    assert.deepEqual(
      out.map((o) => o.status ?? 'summary'),
      ['created', 'refused', 'refused', 'created', 'replayed', 'summary'],
    );
    assert.deepEqual(
      out.slice(0, 5).map((o) => o.line),
      [1, 2, 3, 4, 5],
    );
    assert.equal(out[4].declarationId, out[0].declarationId);
    assert.deepEqual(
      out[2].reasons.map((r: { pointer: string }) => r.pointer),
      ['/submitted_at'],
    );
    assert.deepEqual(out[5], { summary: { records: 5, created: 2, replayed: 1, refused: 2, conflict: 0, failed: 0 } });
  });

  it('answers conflict on its own line for a different record under a stored id, telling nothing of the stored one', async () => {
    const stored = goldenNative('zalo', '03');
    const impostor = { ...goldenNative('zalo', '02'), submission_id: stored.submission_id, oa_id: stored.oa_id };
    await gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw: ndjson([stored]), route: BATCH });
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: ndjson([goldenNative('zalo', '04'), impostor]),
      route: BATCH,
    });
    const out = lines(res.text);
    assert.deepEqual(
      out.map((o) => o.status ?? 'summary'),
      ['created', 'conflict', 'summary'],
    );
    assert.deepEqual(Object.keys(out[1]).sort(), ['line', 'reasons', 'status']);
    assert.equal(out[2].summary.conflict, 1);
  });

  it('joins records of one person within one batch to one citizen', async () => {
    const a = { ...goldenNative('c06', '01'), maKhaiBao: 'C06-79-20210901-000001' };
    const b = { ...goldenNative('c06', '01'), maKhaiBao: 'C06-79-20210902-000002' };
    const out = lines((await gw.call('POST', '/v1/sources/c06/declarations:batch', { raw: ndjson([a, b]), route: BATCH })).text);
    assert.equal(out[0].citizenId, out[1].citizenId);
  });

  it('skips blank lines but keeps the numbering of the input', async () => {
    const out = lines(
      (
        await gw.call('POST', '/v1/sources/bluezone/declarations:batch', {
          raw: `\n${JSON.stringify(goldenNative('bluezone', '03'))}\n\n`,
          route: BATCH,
        })
      ).text,
    );
    assert.equal(out[0].line, 2);
    assert.equal(out[1].summary.records, 1);
  });

  // The answer streams, so a batch past 10,000 records cannot be refused before its first records are
  // answered (it was a 413 when batches were read whole): it is cut, said so, and nothing past the cut is taken.
  it('cuts a batch at record 10,001: the 10,000 before it answered, then a 413 error line and the summary; nothing past the cut is stored', async () => {
    const past = goldenNative('bluezone', '03');
    const res = await gw.call('POST', '/v1/sources/bluezone/declarations:batch', {
      raw: `${'{}\n'.repeat(10_000)}${JSON.stringify(past)}\n`,
      route: BATCH,
    });
    assert.equal(res.status, 200);
    const out = lines(res.text);
    assert.equal(out.length, 10_002);
    assert.deepEqual(
      [out[9_999].line, out[10_000].error.status, out[10_000].error.type.endsWith('/payload-too-large')],
      [10_000, 413, true],
    );
    assert.deepEqual(out[10_001], { summary: { records: 10_000, created: 0, replayed: 0, refused: 10_000, conflict: 0, failed: 0 } });
    const alone = await gw.call('POST', '/v1/sources/bluezone/declarations', { body: past, route: '/v1/sources/{instance}/declarations' });
    assert.equal(alone.status, 201, 'the record past the cut was stored');
  });
  it("gives a batch's new citizen no QR until one is handed out, then the same one to every later answer", async () => {
    const record = goldenNative('tokhaiyte', '01');
    const [line] = lines((await gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', { raw: ndjson([record]), route: BATCH })).text);
    assert.equal(line.status, 'created');
    // No code signed for a line that hands none out (ingest-service.ts: CitizenInAnswer).
    assert.equal((await gw.gateway.store.getCitizen(line.citizenId))?.qr, undefined);

    const handedOut = await gw.call('GET', `/v1/citizens/${line.citizenId}/qr`, { route: '/v1/citizens/{citizenId}/qr' });
    assert.equal(handedOut.status, 200);
    assert.ok(handedOut.body.qr.startsWith('VNHC1:'), handedOut.text);
    const again = await gw.call('GET', `/v1/citizens/${line.citizenId}/qr`, { route: '/v1/citizens/{citizenId}/qr' });
    const replayed = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      body: record,
      route: '/v1/sources/{instance}/declarations',
    });
    assert.deepEqual([again.body, replayed.body.citizen], [handedOut.body, { citizenId: line.citizenId, qr: handedOut.body.qr }]);
  });

  it('reads a record after a byte-order mark alike in a batch line and as a single record', async () => {
    const bom = (record: unknown) => `\uFEFF${JSON.stringify(record)}`;
    const batch = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: `${bom(goldenNative('zalo', '01'))}\n`,
      route: BATCH,
    });
    assert.equal(lines(batch.text)[0].status, 'created');
    const single = await gw.call('POST', '/v1/sources/zalo/declarations', {
      raw: bom(goldenNative('zalo', '02')),
      headers: { 'content-type': 'application/json' },
      route: '/v1/sources/{instance}/declarations',
    });
    assert.equal(single.status, 201, JSON.stringify(single.body));
  });

  it('refuses a line that is not a record with one reason at its root, not a missing field for every member a record has', async () => {
    const res = await gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
      raw: '[1,2,3]\n"Nguyễn Văn An"\n42\nnull\n',
      route: BATCH,
    });
    assert.deepEqual(
      lines(res.text)
        .slice(0, 4)
        .map((o) => o.reasons),
      Array.from({ length: 4 }, () => [{ pointer: '', code: 'wrong-type', message: 'must be of type object' }]),
    );
  });

  it('says a record the embedded store had no room for was not stored, not that it may have been', async () => {
    const store = gw.gateway.store;
    const write = store.writeDeclaration;
    store.writeDeclaration = () => Promise.reject(new StoreFull('the in-memory store holds its maximum of 500000 declarations'));
    let res;
    try {
      res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw: ndjson([goldenNative('zalo', '01')]), route: BATCH });
    } finally {
      store.writeDeclaration = write;
    }
    const [line] = lines(res.text);
    assert.deepEqual([line.status, line.reasons[0].code], ['failed', 'store-full']);
    assert.match(line.reasons[0].message, /was not stored/);
  });

  it('refuses a batch with 503 and Retry-After before reading it while the store cannot be reached: never 200 with every line failed', async () => {
    const store = gw.gateway.store;
    const ping = store.ping;
    store.ping = () => Promise.reject(new StoreUnavailable('Redis did not answer in time'));
    try {
      const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw: ndjson([goldenNative('zalo', '01')]), route: BATCH });
      assert.deepEqual([res.status, res.headers.get('retry-after'), res.body.status], [503, '1', 503]);
    } finally {
      store.ping = ping;
    }
  });

  it('stops reading a batch once the store has not taken a whole window of records in a row: those answered failed, then a 503 error line', async () => {
    const store = gw.gateway.store;
    const read = store.getDeclarationWithQr;
    store.getDeclarationWithQr = () => Promise.reject(new StoreUnavailable('Redis did not answer in time'));
    const devices = Array.from({ length: BATCH_WINDOW * 3 }, (_, i) => ({
      ...goldenNative('bluezone', '03'),
      bluezoneId: `BZQ${String(i).padStart(7, '0')}`,
    }));
    let res;
    try {
      res = await gw.call('POST', '/v1/sources/bluezone/declarations:batch', { raw: ndjson(devices), route: BATCH });
    } finally {
      store.getDeclarationWithQr = read;
    }
    assert.equal(res.status, 200);
    const out = lines(res.text);
    const answered = out.filter((o) => o.status !== undefined);
    assert.ok(answered.length >= BATCH_WINDOW && answered.length < devices.length, `${answered.length} lines answered`);
    assert.ok(answered.every((o) => o.status === 'failed' && o.reasons[0].code === 'store-unavailable'));
    const [cut, summary] = out.slice(answered.length);
    assert.deepEqual([cut.error.status, cut.error.errors.at(-1).message], [503, `not taken after line ${answered.length}`]);
    assert.deepEqual(summary.summary.failed, answered.length);
  });
});
