import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

const BATCH = '/v1/sources/{instance}/declarations:batch';

/** A batch whose body is still arriving: it holds its place until `finish` sends the rest. */
function slowBatch(gw: TestGateway, token: string) {
  let finish!: () => void;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode(`${JSON.stringify(goldenNative('bluezone', '03'))}\n`));
      await new Promise<void>((resolve) => (finish = resolve));
      controller.close();
    },
  });
  const response = fetch(`${gw.baseUrl}/v1/sources/bluezone/declarations:batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { response, finish: () => finish() };
}

/** Batches hold hundreds of megabytes while they run: how many run at once is bounded, per caller and per process. */
describe('batches running at once', function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    // Configured as the defaults are, so the test holds whatever the defaults become.
    gw = await TestGateway.start({ BATCH_MAX_IN_FLIGHT: '2', BATCH_MAX_IN_FLIGHT_PER_CALLER: '1' });
  });
  after(() => gw.stop());

  const send = (subject: string) =>
    gw.call('POST', '/v1/sources/bluezone/declarations:batch', {
      raw: `${JSON.stringify(goldenNative('bluezone', '03'))}\n`,
      token: gw.token(['declarations:write'], subject),
      route: BATCH,
    });

  it("refuses a caller's second batch with 429 and Retry-After while its first runs, and a third caller's with 503 when the process is full; both go through once the first end", async () => {
    const first = slowBatch(gw, gw.token(['declarations:write'], 'sở-y-tế-hà-nội'));
    const second = slowBatch(gw, gw.token(['declarations:write'], 'bluezone-partner'));
    // Until both slow batches have reached the gateway, a third caller's batch still gets in (and ends at once).
    let full = await send('ncovi-partner');
    await waitFor(async () => (full = await send('ncovi-partner')).status === 503, 5000, 'both slow batches to be running');
    assert.deepEqual([full.headers.get('retry-after'), full.body.type.endsWith('/overloaded')], ['1', true]);
    const sameCaller = await send('sở-y-tế-hà-nội');
    assert.deepEqual([sameCaller.status, sameCaller.headers.get('retry-after')], [429, '1']);
    first.finish();
    second.finish();
    // The answer streams: its status comes with its first line, and the batch has ended only once the whole answer has.
    const ended = await Promise.all(
      [first.response, second.response].map(async (r) => [(await r).status, /"summary"/.test(await (await r).text())]),
    );
    assert.deepEqual(ended, [
      [200, true],
      [200, true],
    ]);
    assert.equal((await send('sở-y-tế-hà-nội')).status, 200);
  });

  it('counts check-in batches and declaration batches against one limit: what a running batch holds does not depend on what it carries', async () => {
    const first = slowBatch(gw, gw.token(['declarations:write'], 'sở-y-tế-hà-nội'));
    const second = slowBatch(gw, gw.token(['declarations:write'], 'bluezone-partner'));
    const checkins = () =>
      gw.call('POST', '/v1/checkins:batch', {
        raw: '{}\n',
        token: gw.token(['checkins:write'], 'cho-ben-thanh-cong-1'),
        route: '/v1/checkins:batch',
      });
    let full = await checkins();
    await waitFor(async () => (full = await checkins()).status === 503, 5000, 'both declaration batches to be running');
    assert.equal(full.headers.get('retry-after'), '1');
    first.finish();
    second.finish();
    await Promise.all([first.response, second.response].map(async (r) => (await r).text()));
    assert.equal((await checkins()).status, 200);
  });
});
