import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { DEFAULT_INSTANCES } from '../../adapters';
import { tokhaiyteSimulator } from '../../adapters/tokhaiyte/tokhaiyte-simulator';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { holdScansOf, twoKnownPeople } from '../support/held-scans';
import { goldenNative } from '../support/mapping';
import { untilClosed } from '../support/socket-talk';
import { describeOnEveryStore } from '../support/stores';
import { mayHalfClose, watchSocketEnds } from '../../gateway/http/socket-ends';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/** A socket of its own to the gateway, connected, its errors (a reset of ours) ignored. */
async function rawSocket(gw: TestGateway): Promise<Socket> {
  const url = new URL(gw.baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** An HTTP/1.1 POST as written on the wire, with its Content-Length (and any more header lines, each ending in CRLF). */
function post(path: string, token: string, contentType: string, body: string, more = ''): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${token}\r\n${more}` +
    `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/**
 * A client that sends its whole batch and half-closes its socket (done sending, still reading):
 * node's default aborted the request at its FIN, and on Redis it was answered 96 lines of 300, all
 * 300 stored, no summary (a hostile review). It is answered every line and the summary.
 */
describeOnEveryStore('a client that half-closes after sending its whole batch', (store) => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start(store.env);
  });
  after(() => gw.stop());

  it('reads every line of its answer and the summary', async () => {
    const instance = DEFAULT_INSTANCES.find((i) => i.name === 'tokhaiyte')!;
    const records = syntheticCitizens(300, 77).map((p) => tokhaiyteSimulator.recordFor(p, instance, new Date('2021-08-19T02:00:00Z')));
    const body = Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const socket = await rawSocket(gw);
    const said = untilClosed(socket);
    socket.write(post('/v1/sources/tokhaiyte/declarations:batch', gw.token(), 'application/x-ndjson', body.toString()));
    socket.end();
    const answer = (await said).split('\r\n\r\n').slice(1).join('\r\n\r\n');
    const lines = answer.split('\n').filter((line) => line.startsWith('{'));
    assert.equal(lines.length, records.length + 1);
    assert.deepEqual(JSON.parse(lines.at(-1) as string).summary.created, records.length);
  });
});

/**
 * Any other request's client that half-closes is taken as gone, as node's default takes it: its
 * place is given back at once. Half-open for the whole server (node's one switch) kept a scan's
 * place, and its store read, for a client that had left (a review of that fix).
 */
describe('a client that half-closes after sending a scan', function () {
  this.timeout(30000);
  let gw: TestGateway;
  let qrs: string[] = [];
  let citizens: string[] = [];
  before(async () => {
    gw = await TestGateway.start({ VERIFY_MAX_IN_FLIGHT: '1', VERIFY_MAX_IN_FLIGHT_PER_CALLER: '1' });
    ({ qrs, citizens } = await twoKnownPeople(gw));
  });
  after(() => gw?.stop());

  it("is gone at its FIN: the process's one scan place serves the next checkpoint at once", async () => {
    const { waiting, restore } = holdScansOf(gw, citizens[0] as string);
    const socket = await rawSocket(gw);
    try {
      const closed = untilClosed(socket);
      socket.write(post('/v1/verify', gw.token(['verify'], 'checkpoint-a'), 'application/json', JSON.stringify({ qr: qrs[0] })));
      await waitFor(() => waiting() === 1, 5000, "the first scan's store read");
      socket.end();
      // The server lets the half-closed socket go (unanswered: the client is gone)...
      assert.equal(await closed, '');
      // ...and its place with it, while the first scan's store read still waits.
      const other = await gw.call('POST', '/v1/verify', { body: { qr: qrs[1] }, token: gw.token(['verify'], 'checkpoint-b') });
      assert.equal(other.status, 200, JSON.stringify(other.body));
    } finally {
      restore();
      socket.destroy();
    }
  });
});

/**
 * An answer queued behind another on its socket (pipelined requests) heard nothing when the socket
 * closed: node emits neither `finish` nor `close` on it, and its batch place was never given back
 * (a review: two such sockets took a process's batch places until it restarted).
 */
describe('a pipelined batch whose socket is reset while it waits behind a scan', function () {
  this.timeout(30000);
  let gw: TestGateway;
  let qrs: string[] = [];
  let citizens: string[] = [];
  before(async () => {
    gw = await TestGateway.start({ BATCH_MAX_IN_FLIGHT: '1' });
    ({ qrs, citizens } = await twoKnownPeople(gw));
  });
  after(() => gw?.stop());

  for (const [how, failAtEnd] of [
    ['', false],
    [', its answer destroyed by the gateway (the store failed keeping it)', true],
  ] as const)
    it(`gives its batch place back${how}: the next partner's batch is taken`, async () => {
      const store = gw.gateway.store;
      const complete = store.completeIdempotencyKey.bind(store);
      // A defect at the batch's end: the gateway destroys its answer begun, which, queued, had no socket to destroy.
      if (failAtEnd) store.completeIdempotencyKey = () => Promise.reject(new Error('the store failed keeping the answer'));
      const { waiting, restore } = holdScansOf(gw, citizens[0] as string);
      const socket = await rawSocket(gw);
      try {
        const batch = `${JSON.stringify(goldenNative('tokhaiyte', '05'))}\n`;
        socket.write(
          post('/v1/verify', gw.token(['verify'], 'checkpoint-a'), 'application/json', JSON.stringify({ qr: qrs[0] })) +
            post(
              '/v1/sources/tokhaiyte/declarations:batch',
              gw.token(['declarations:write'], 'so-y-te-ha-noi'),
              'application/x-ndjson',
              batch,
              `Idempotency-Key: lo-${failAtEnd ? 2 : 1}\r\n`,
            ),
        );
        await waitFor(() => waiting() === 1, 5000, "the scan's store read");
        // The batch runs (its answer queued behind the scan's) while the client resets the socket.
        const next = () =>
          gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
            raw: `${JSON.stringify(goldenNative('tokhaiyte', '06'))}\n`,
            token: gw.token(['declarations:write'], 'ncovi-partner'),
            route: '/v1/sources/{instance}/declarations:batch',
          });
        await waitFor(async () => (await next()).status === 503, 5000, 'the pipelined batch to hold the one place');
        socket.resetAndDestroy();
        await waitFor(async () => (await next()).status === 200, 5000, 'the place to be given back');
      } finally {
        store.completeIdempotencyKey = complete;
        restore();
        socket.destroy();
      }
    });
});

describe('which requests may half-close', () => {
  it('are the batches, read as the router reads their paths', () => {
    const batch = '/v1/sources/tokhaiyte/declarations:batch';
    for (const url of [batch, `${batch}?x=1`, `${batch}/`, '/v1/sources/tokhaiyte/declarations:BATCH', '/v1/checkins:batch'])
      assert.equal(mayHalfClose({ method: 'POST', url }), true, url);
    for (const url of ['/v1/verify#:batch', '/v1/verify?:batch', '/v1/verify', '/v1/checkins'])
      assert.equal(mayHalfClose({ method: 'POST', url }), false, url);
    assert.equal(mayHalfClose({ method: 'GET', url: batch }), false);
  });
});

/**
 * An answer the gateway has ended, still on its way, is not cut by its client's FIN: node sends it
 * whole and then ends the socket (a review: a 16 MiB answer was cut at 3.9 MiB when the FIN came
 * while it was being sent).
 */
describe('an answer ended when its client half-closes', () => {
  it('is sent whole', async () => {
    const size = 16 * 1024 * 1024;
    const server = createServer((_req, res) => res.end(Buffer.alloc(size, 'a')));
    watchSocketEnds(server);
    const sawFin = new Promise<void>((resolve) => server.on('connection', (socket: Socket) => socket.once('end', () => resolve())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let received = 0;
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write('GET /openapi.json HTTP/1.1\r\nHost: gateway\r\n\r\n');
      await new Promise<void>((resolve) => socket.once('data', (chunk: Buffer) => resolve(void (received += chunk.length))));
      // Still reading, done sending: the FIN reaches the server while most of the answer waits in its buffers.
      socket.pause();
      socket.end();
      await sawFin;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.resume();
      await closed;
      assert.ok(received > size, `${received} bytes of an answer of ${size} and its headers`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
