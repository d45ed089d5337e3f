import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { goldenNative } from '../support/mapping';
import { untilClosed } from '../support/socket-talk';
import { TestGateway } from '../support/test-gateway';

/**
 * A batch takes the time its body takes (SERVER_REQUEST_TIMEOUT_MS bounds it), never the single
 * request's budget (REQUEST_TIMEOUT_MS), however its path is written: routes match any case and one
 * trailing slash, and `:BATCH` was answered 503 "nothing was acknowledged" at the budget while its
 * records went on being stored.
 */
describe("a batch's time, whatever its path's case", function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({ REQUEST_TIMEOUT_MS: '300' });
  });
  after(() => gw?.stop());

  for (const path of [
    '/v1/sources/tokhaiyte/declarations:batch',
    '/v1/sources/tokhaiyte/declarations:BATCH',
    '/V1/Sources/tokhaiyte/declarations:Batch/',
  ])
    it(`answers every line of a batch whose body comes slower than the request budget: ${path}`, async () => {
      const { port } = new URL(gw.baseUrl);
      const socket = connect(Number(port), '127.0.0.1');
      const said = untilClosed(socket);
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n` +
          `Authorization: Bearer ${gw.token(['declarations:write'])}\r\n\r\n`,
      );
      // The body's one line arrives after the single request's budget has passed.
      await sleep(600);
      const line = `${JSON.stringify({ ...goldenNative('tokhaiyte', '01'), ma_to_khai: `TK2108150009${path.length}` })}\n`;
      socket.write(`${Buffer.byteLength(line).toString(16)}\r\n${line}\r\n0\r\n\r\n`);
      const answer = await said;
      assert.match(answer, /^HTTP\/1\.1 200/, answer.slice(0, 300));
      assert.match(answer, /"status":"(created|replayed)"/);
    });
});
