import assert from 'node:assert/strict';
import { connect, Socket } from 'node:net';
import { once } from 'node:events';
import { untilClosed } from '../support/socket-talk';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/** What a raw request's answer says: its status, its headers by lower-case name, its body parsed. */
function answerOf(said: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head = '', body = ''] = said.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

/** The server's own refusals, before any route: the one problem+json shape and the security headers, as every answer. */
describe('requests the HTTP server refuses itself', function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({ SERVER_HEADERS_TIMEOUT_MS: '500' });
  });
  after(() => gw.stop());

  async function send(raw: string) {
    const socket = connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    const said = untilClosed(socket);
    socket.write(raw);
    return answerOf(await said);
  }

  function assertProblem(answer: ReturnType<typeof answerOf>, status: number, slug: string) {
    assert.equal(answer.status, status);
    assert.equal(answer.headers['content-type'], 'application/problem+json');
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(answer.headers.connection, 'close');
    assert.deepEqual(Object.keys(answer.body).sort(), ['detail', 'errors', 'status', 'title', 'type']);
    assert.equal(answer.body.type, `https://gateway.vnhc.example/problems/${slug}`);
    assert.equal(answer.body.status, status);
  }

  it('answers a request line it cannot read 400 in problem+json, with the security headers', async () => {
    assertProblem(await send('BREW /v1/verify HTCPCP/1.0\r\n\r\n'), 400, 'bad-request');
  });

  it('answers headers past its limit 431 in problem+json', async () => {
    const huge = 'x'.repeat(20_000);
    assertProblem(await send(`POST /v1/verify HTTP/1.1\r\nHost: gateway\r\nX-Padding: ${huge}\r\n\r\n`), 431, 'headers-too-large');
  });

  it('answers headers that do not arrive in time 408 in problem+json', async () => {
    assertProblem(await send('GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: '), 408, 'request-timeout');
  });

  it('answers a bad request on a keep-alive connection that has already served one, as Node does', async () => {
    const socket = connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    let said = '';
    socket.on('data', (chunk) => (said += chunk.toString()));
    const closed = once(socket, 'close');
    socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await waitFor(() => said.includes('\r\n\r\n') && said.startsWith('HTTP/1.1 200'), 5000, 'the first answer');
    const first = said.length;
    socket.write('BREW /v1/verify HTCPCP/1.0\r\n\r\n');
    await closed;
    const second = said.slice(said.indexOf('HTTP/1.1 400', first));
    assertProblem(answerOf(second), 400, 'bad-request');
  });

  it('closes the connection of a client still trickling bytes after its 408, so a slow client holds no socket', async () => {
    // Half-open allowed, as a slowloris client would: the server's end alone does not close it.
    const socket = new Socket({ allowHalfOpen: true }).connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    let said = '';
    socket.on('data', (chunk) => (said += chunk.toString()));
    let open = true;
    socket.on('close', () => (open = false));
    socket.on('error', () => undefined);
    socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
    const trickle = setInterval(() => open && socket.write('a'), 100);
    try {
      await waitFor(() => !open, 5000, 'the server to close the connection');
    } finally {
      clearInterval(trickle);
    }
    assert.match(said, /^HTTP\/1\.1 408/);
  });
});
