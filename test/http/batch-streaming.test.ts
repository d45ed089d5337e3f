import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { MAX_BATCH_BYTES, MAX_LINE_BYTES } from '../../gateway/http/batch-ingest';
import { goldenNative } from '../support/mapping';
import { checkAgainstContract } from '../support/openapi-contract';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { nextEvent } from '../support/wait-for';

const BATCH = '/v1/sources/{instance}/declarations:batch';
const zalo = (serial: number) =>
  JSON.stringify({ ...goldenNative('zalo', '01'), submission_id: `73019283746${String(serial).padStart(8, '0')}` });
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** A batch sent by hand: the body written when the test says, the answer read line by line as it arrives. */
function openBatch(gw: TestGateway, headers: Record<string, string | number> = {}) {
  const { port } = new URL(gw.baseUrl);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/sources/zalo/declarations:batch',
    headers: { authorization: `Bearer ${gw.token(['declarations:write'])}`, 'content-type': 'application/x-ndjson', ...headers },
  });
  // A batch a failed test leaves open ends with its gateway: that is not this test's failure.
  req.on('error', () => {});
  const response = nextEvent(req, 'response', 10_000, 'the answer to begin') as Promise<[IncomingMessage]>;
  let text = '';
  let ended = false;
  const answer = response.then(([res]) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => (ended = true));
    return res;
  });
  return {
    req,
    /** The answer's complete lines so far, once there are at least `count`. */
    async linesOnce(count: number): Promise<any[]> {
      const res = await answer;
      while (text.split('\n').length - 1 < count) {
        if (ended) throw new Error(`the answer ended with ${text.split('\n').length - 1} lines, not ${count}`);
        await nextEvent(res, 'data', 10_000, `answer line ${count}`);
      }
      return lines(text.split('\n').slice(0, count).join('\n'));
    },
    async whole(): Promise<{ res: IncomingMessage; text: string }> {
      const res = await answer;
      if (!ended) await nextEvent(res, 'end', 20_000, 'the answer to end');
      const type = String(res.headers['content-type']);
      checkAgainstContract('POST', BATCH, res.statusCode!, type, type.includes('problem+json') ? JSON.parse(text) : text);
      return { res, text };
    },
  };
}

/** A batch is read as it arrives and answered as it goes: memory is bounded by its window, not by its size. */
describe('a batch streamed', function () {
  this.timeout(20_000);
  // A gateway for each test: a batch left open by a failing test holds its caller's place no longer than its test.
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await TestGateway.start();
  });
  afterEach(() => gw.stop());

  it('answers its first line before the whole body has been sent', async () => {
    const batch = openBatch(gw);
    batch.req.write(`${zalo(1)}\n${zalo(2)}\n`);
    const [first] = await batch.linesOnce(1);
    assert.deepEqual([first.line, first.status], [1, 'created']);
    batch.req.end(`${zalo(3)}\n`);
    const out = lines((await batch.whole()).text);
    assert.deepEqual(
      out.map((o) => o.status ?? 'summary'),
      ['created', 'created', 'created', 'summary'],
    );
  });

  it(`refuses a Content-Length past ${MAX_BATCH_BYTES / 1024 / 1024} MiB with 413 before reading a byte of it`, async () => {
    const batch = openBatch(gw, { 'content-length': MAX_BATCH_BYTES + 1 });
    batch.req.flushHeaders();
    const { res, text } = await batch.whole();
    assert.deepEqual([res.statusCode, JSON.parse(text).type.endsWith('/payload-too-large')], [413, true]);
    batch.req.destroy();
  });

  it(`cuts a body that grows past ${MAX_BATCH_BYTES / 1024 / 1024} MiB: the lines before answered, a 413 error line naming the last line taken, the summary`, async () => {
    const batch = openBatch(gw);
    batch.req.write(`${zalo(10)}\n`);
    const blank = `${' '.repeat(1023)}\n`.repeat(1024);
    for (let mib = 0; mib < MAX_BATCH_BYTES / (1024 * 1024); mib += 1) batch.req.write(blank);
    batch.req.end(`${zalo(11)}\n`);
    const out = lines((await batch.whole()).text);
    assert.deepEqual(
      out.map((o) => o.status ?? Object.keys(o)[0]),
      ['created', 'error', 'summary'],
    );
    assert.deepEqual([out[1].error.status, out[1].error.detail.endsWith('no line after line 1 was taken')], [413, true]);
    assert.equal(out[2].summary.records, 1);
  });

  it(`refuses a line longer than ${MAX_LINE_BYTES / 1024} KiB on its own line and answers the others`, async () => {
    const huge = JSON.stringify({ ...goldenNative('zalo', '02'), note: 'ễ'.repeat(MAX_LINE_BYTES / 3 + 1) });
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw: `${zalo(20)}\n${huge}\n${zalo(21)}\n`, route: BATCH });
    const out = lines(res.text);
    assert.deepEqual(
      out.map((o) => o.status ?? 'summary'),
      ['created', 'refused', 'created', 'summary'],
    );
    assert.equal(out[1].reasons[0].code, 'too-large');
  });

  it('reads a gzip body as express.raw did', async () => {
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: gzipSync(`${zalo(30)}\n${zalo(31)}\n`),
      headers: { 'content-encoding': 'gzip' },
      route: BATCH,
    });
    assert.deepEqual(lines(res.text).at(-1), { summary: { records: 2, created: 2, replayed: 0, refused: 0, conflict: 0, failed: 0 } });
  });

  it('answers a batch of no record (an empty body, blank lines alone, a gzip of nothing) with a 400 of its own, not a 200 of a zero summary', async () => {
    for (const [raw, headers] of [
      ['', {}],
      ['\n\n  \n', {}],
      [gzipSync(''), { 'content-encoding': 'gzip' }],
    ] as const) {
      const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw, headers, route: BATCH });
      assert.deepEqual([res.status, res.body.detail], [400, 'the batch holds no record: send one JSON record per line'], res.text);
    }
  });

  it('says a body labelled gzip and sent plain is not valid gzip, whatever its size: a 400 of its own, no line being read', async () => {
    const plain = Array.from({ length: 4000 }, (_, i) => zalo(1000 + i)).join('\n');
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: plain,
      headers: { 'content-encoding': 'gzip' },
      route: BATCH,
    });
    assert.deepEqual([res.status, res.body.detail?.startsWith('the body is not valid gzip')], [400, true], res.text);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('says a gzip body cut short is not valid gzip, not that the connection ended: the lines before the break are answered', async () => {
    const whole = gzipSync(`${zalo(32)}\n${zalo(33)}\n`);
    const res = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: whole.subarray(0, whole.length - 12),
      headers: { 'content-encoding': 'gzip' },
      route: BATCH,
    });
    const out = lines(res.text);
    assert.deepEqual(
      out.map((o) => o.status ?? Object.keys(o)[0]),
      ['created', 'error', 'summary'],
    );
    assert.deepEqual([out[1].error.status, out[1].error.detail], [400, 'the body is not valid gzip; no line after line 1 was taken']);
  });
});

describeOnEveryStore('Idempotency-Key on a streamed batch', function (store) {
  this.timeout(20_000);
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await TestGateway.start(store.env);
  });
  afterEach(() => gw.stop());

  const send = (raw: string, key: string) =>
    gw.call('POST', '/v1/sources/zalo/declarations:batch', { raw, headers: { 'idempotency-key': key }, route: BATCH });

  it('replays the first answer byte for byte for the same key and body, and answers 409 for another body', async () => {
    const body = `${zalo(40)}\n{not json\n${zalo(41)}\n`;
    const first = await send(body, 'batch-1');
    const again = await send(body, 'batch-1');
    assert.equal(again.text, first.text);
    assert.deepEqual(
      lines(again.text).map((o) => o.status ?? 'summary'),
      ['created', 'refused', 'created', 'summary'],
    );
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal((await send(`${zalo(42)}\n`, 'batch-1')).status, 409);
  });

  it('keeps no answer of a batch cut short: the same key runs it again, and each record answers by itself', async () => {
    const body = `${zalo(50)}\n${'{}\n'.repeat(10_000)}`;
    const first = lines((await send(body, 'batch-2')).text);
    assert.deepEqual([first[0].status, first.at(-2).error.status], ['created', 413]);
    const again = await send(body, 'batch-2');
    assert.equal(again.headers.get('idempotent-replayed'), null);
    assert.equal(lines(again.text)[0].status, 'replayed');
  });
});
