import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { goldenNative } from '../support/mapping';
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

  /** A batch begun on a socket of its own, by hand: its headers, then whatever `body` says; and all the server said until it closed. */
  const batchBegun = (instance: string, framing: string, body = '') => {
    const { port } = new URL(gw.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = untilClosed(socket);
    socket.write(
      `POST /v1/sources/${instance}/declarations:batch HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-ndjson\r\n` +
        `Authorization: Bearer ${gw.token(['declarations:write'])}\r\n${framing}\r\n\r\n${body}`,
    );
    return { socket, closed };
  };

  it('answers 408 and closes a batch whose body is still arriving past the request budget', async () => {
    const { closed } = batchBegun('bluezone', 'Content-Length: 100000', '{"bluezoneId":');
    assert.match(await closed, /^HTTP\/1\.1 408/);
  });

  it('answers the lines of a batch sent too slowly, then says why it stopped and sums up, before the server closes it', async () => {
    const { socket, closed } = batchBegun('tokhaiyte', 'Transfer-Encoding: chunked');
    // Two records of a batch whose sender then falls silent (a phone network dropping mid-upload).
    const records = ['TK2108150071', 'TK2108150072'].map(
      (id) => `${JSON.stringify({ ...goldenNative('tokhaiyte', '01'), ma_to_khai: id })}\n`,
    );
    for (const line of records) socket.write(`${Buffer.byteLength(line).toString(16)}\r\n${line}\r\n`);
    const answer = await closed;
    assert.match(answer, /^HTTP\/1\.1 200/);
    const lines = answer
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      lines.map((line) => line.status ?? Object.keys(line)[0]),
      ['created', 'created', 'error', 'summary'],
      answer,
    );
    assert.equal(lines[2].error.status, 408);
    assert.match(lines[2].error.detail, /did not arrive within 1 s.*no line after line 2 was taken/);
    assert.equal(lines[3].summary.records, 2);
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
