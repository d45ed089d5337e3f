import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { untilClosed } from '../support/socket-talk';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/** The server's own limits: a slowly sent body, batches included, cannot hold a socket; sockets are capped. */
describe('the HTTP server', function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({ SERVER_REQUEST_TIMEOUT_MS: '1500', SERVER_HEADERS_TIMEOUT_MS: '1000', SERVER_MAX_CONNECTIONS: '3' });
  });
  after(() => gw.stop());

  it('answers 408 and closes a batch whose body is still arriving past the request budget', async () => {
    const { port } = new URL(gw.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = untilClosed(socket);
    socket.write(
      'POST /v1/sources/bluezone/declarations:batch HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-ndjson\r\n' +
        `Authorization: Bearer ${gw.token(['declarations:write'])}\r\nContent-Length: 100000\r\n\r\n{"bluezoneId":`,
    );
    assert.match(await closed, /^HTTP\/1\.1 408/);
  });

  it('closes a connection past the cap at once, and serves again when one is free', async () => {
    const { port } = new URL(gw.baseUrl);
    const held = [0, 1, 2].map(() => connect(Number(port), '127.0.0.1'));
    await Promise.all(held.map((s) => new Promise((resolve) => s.once('connect', resolve))));
    const extra = connect(Number(port), '127.0.0.1');
    const said = await untilClosed(extra);
    assert.equal(said, '', 'the connection past the cap was served');
    for (const s of held) s.destroy();
    await waitFor(
      async () => (await fetch(`${gw.baseUrl}/healthz`).catch(() => undefined))?.status === 200,
      5000,
      'the server to serve again',
    );
  });
});
