import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { holdScansOf, twoKnownPeople } from '../support/held-scans';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/**
 * A process serves VERIFY_MAX_IN_FLIGHT scans at once, and one caller at most
 * VERIFY_MAX_IN_FLIGHT_PER_CALLER of them (a quarter kept for others, by default): found by a hostile review, one caller
 * within its allowance held every place (with bodies it never finished sending, or scans of a slow
 * platform), and every other checkpoint was answered 503.
 */
describe('scan places', function () {
  this.timeout(30000);
  let gw: TestGateway;
  let qrs: string[] = [];
  let citizens: string[] = [];
  before(async () => {
    // A scan's deadline long enough for a loaded machine to hold two while the test asks for more.
    gw = await TestGateway.start({ VERIFY_MAX_IN_FLIGHT: '4', VERIFY_DEADLINE_MS: '1800' });
    ({ qrs, citizens } = await twoKnownPeople(gw));
  });
  after(() => gw?.stop());

  const scan = (qr: string, subject: string) => gw.call('POST', '/v1/verify', { body: { qr }, token: gw.token(['verify'], subject) });

  it('are not taken by scans whose bodies have not arrived: another checkpoint is served meanwhile', async () => {
    const { port } = new URL(gw.baseUrl);
    const token = gw.token(['verify'], 'cheap-checkpoint-app');
    const trickling: Socket[] = [];
    try {
      // As many as there are places: headers, then the first bytes of a body that never completes.
      for (let i = 0; i < 4; i += 1) {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        const head = `POST /v1/verify HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n`;
        socket.write(`${head}{"qr":"`);
        trickling.push(socket);
      }
      // Scan after scan for a second, the trickling ones in flight all the while: each is served.
      const statuses: number[] = [];
      const until = Date.now() + 1000;
      while (Date.now() < until) statuses.push((await scan(qrs[0] as string, 'checkpoint-cua-khau-moc-bai')).status);
      assert.deepEqual([...new Set(statuses)], [200]);
    } finally {
      for (const socket of trickling) socket.destroy();
    }
  });

  it("holds one caller to three of four (429 with Retry-After past it), the fourth kept for another caller's scans", async () => {
    // The first citizen's store read waits: that caller's scans stay in flight.
    const { waiting, release, restore } = holdScansOf(gw, citizens[0] as string);
    try {
      const inFlight = [1, 2, 3].map(() => scan(qrs[0] as string, 'checkpoint-a'));
      await waitFor(() => waiting() === 3, 5000, "the caller's three scans to be in flight");
      const third = await scan(qrs[0] as string, 'checkpoint-a');
      assert.deepEqual([third.status, third.headers.get('retry-after'), third.body.type.endsWith('/too-many-requests')], [429, '1', true]);
      const other = await scan(qrs[1] as string, 'checkpoint-b');
      assert.equal(other.status, 200, JSON.stringify(other.body));
      release();
      assert.deepEqual(
        (await Promise.all(inFlight)).map((answer) => answer.status),
        [200, 200, 200],
      );
    } finally {
      restore();
    }
  });
});

/**
 * A request whose body finishes arriving after its budget answered it 503: found by a review of the
 * change above, which read a scan's body before its place, the place it then took was never given
 * back (the answer's events had fired), and a venue's would be registered for a client told
 * "nothing was acknowledged". Such a body now goes no further.
 */
describe('a body that arrives after its 503', function () {
  this.timeout(30000);
  let gw: TestGateway;
  let qr: string;
  before(async () => {
    gw = await TestGateway.start({ VERIFY_MAX_IN_FLIGHT: '1', REQUEST_TIMEOUT_MS: '300' });
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.ok(ingested.ok && ingested.citizen);
    qr = ingested.citizen.qr;
  });
  after(() => gw?.stop());

  /** Sends the head and the first bytes, waits for the budget's 503, then the rest of the body. */
  async function lateBody(path: string, token: string, body: string): Promise<void> {
    const socket = connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (data) => (answer += data.toString()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const head = `POST ${path} HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    socket.write(head + body.slice(0, 5));
    await waitFor(() => answer.startsWith('HTTP/1.1 503'), 5000, 'the budget to answer 503');
    await new Promise<void>((resolve) => socket.write(body.slice(5), () => resolve()));
  }

  it("takes no scan place: the process's one place still serves other checkpoints", async () => {
    await lateBody('/v1/verify', gw.token(['verify'], 'slow-link-checkpoint'), JSON.stringify({ qr }));
    const statuses: number[] = [];
    const until = Date.now() + 500;
    while (Date.now() < until)
      statuses.push((await gw.call('POST', '/v1/verify', { body: { qr }, token: gw.token(['verify'], 'checkpoint-b') })).status);
    assert.deepEqual([...new Set(statuses)], [200]);
  });

  it('registers no venue', async () => {
    const store = gw.gateway.venueStore;
    const addVenue = store.addVenue.bind(store);
    let added = 0;
    store.addVenue = (venue, by) => ((added += 1), addVenue(venue, by));
    try {
      const body = JSON.stringify({ name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } });
      await lateBody('/v1/venues', gw.token(['venues:write'], 'hcm-markets'), body);
      // A venue sent whole afterwards is registered: the late one would have been by now.
      const whole = await gw.call('POST', '/v1/venues', { body: JSON.parse(body), token: gw.token(['venues:write'], 'hcm-markets') });
      assert.deepEqual([whole.status, added], [201, 1]);
    } finally {
      store.addVenue = addVenue;
    }
  });
});
