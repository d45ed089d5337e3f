import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { problemHandler } from '../../gateway/http/error-handler';
import { idempotentStream } from '../../gateway/http/idempotency';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/**
 * A batch's Idempotency-Key is claimed for a while (a minute in the routes; a second here) and
 * renewed by the batch while it runs: a batch that runs longer than the claim's life keeps its key.
 * Before, a retry under the key after the claim lapsed ran the batch again (on another pod: every
 * line `replayed`, and the key answered two ways).
 */
describeOnEveryStore("a streamed batch longer than its Idempotency-Key claim's life", function (store) {
  this.timeout(20_000);
  let gw: TestGateway;
  let server: Server;
  let url: string;
  let releaseFirst!: () => void;
  let runs = 0;

  before(async () => {
    gw = await TestGateway.start(store.env);
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    const app = express();
    app.use((_req, res, next) => {
      res.locals.caller = { subject: 'partner-so-y-te-ha-noi' };
      res.locals.requestId = 'req';
      res.locals.log = pino({ level: 'silent' });
      next();
    });
    app.post(
      '/v1/things\\:batch',
      idempotentStream(
        gw.gateway.store,
        1 << 20,
        async (_req, _context, body) => {
          runs += 1;
          for await (const chunk of body) void chunk;
          // The first run lasts until the test lets it end: well past its one-second claim.
          if (runs === 1) await firstMayEnd;
          return { last: JSON.stringify({ summary: { run: runs } }), final: true };
        },
        undefined,
        1,
      ),
    );
    app.use(problemHandler(pino({ level: 'silent' })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/things:batch`;
  });
  after(async () => {
    releaseFirst();
    await new Promise((resolve) => server?.close(resolve));
    await gw?.stop();
  });

  const send = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'idempotency-key': 'lo-hang-1' },
      body: '{"a":1}\n',
    });

  it('keeps its key: every retry for three times the claim is answered 409 in progress, then the answer is replayed', async () => {
    const first = send();
    // The first holds the claim before any retry comes.
    await waitFor(() => runs === 1, 5000, 'the first batch to run');
    const until = Date.now() + 3000;
    const statuses = new Set<number>();
    while (Date.now() < until) statuses.add((await send()).status);
    assert.deepEqual([...statuses], [409]);
    assert.equal(runs, 1, 'the batch ran once');
    releaseFirst();
    const answered = await first;
    assert.equal(answered.status, 200);
    assert.match(await answered.text(), /"run":1/);
    const replayed = await send();
    assert.deepEqual([replayed.status, replayed.headers.get('idempotent-replayed'), runs], [200, 'true', 1]);
  });
});
