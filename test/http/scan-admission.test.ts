import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/**
 * A process serves VERIFY_MAX_IN_FLIGHT scans at once, and one caller at most
 * VERIFY_MAX_IN_FLIGHT_PER_CALLER of them (half, by default): found by a hostile review, one caller
 * within its allowance held every place (with bodies it never finished sending, or scans of a slow
 * platform), and every other checkpoint was answered 503.
 */
describe('scan places', function () {
  this.timeout(30000);
  let gw: TestGateway;
  const qrs: string[] = [];
  const citizens: string[] = [];
  before(async () => {
    // A scan's deadline long enough for a loaded machine to hold two while the test asks for more.
    gw = await TestGateway.start({ VERIFY_MAX_IN_FLIGHT: '4', VERIFY_DEADLINE_MS: '1800' });
    // Two people: Nguyễn Văn An and Trần Thị Bình.
    for (const native of [goldenNative('tokhaiyte', '01'), goldenNative('tokhaiyte', '03')]) {
      const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
      assert.ok(ingested.ok && ingested.citizen, JSON.stringify(ingested));
      qrs.push(ingested.citizen.qr);
      citizens.push(ingested.citizen.citizenId);
    }
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

  it("holds one caller to half of them (429 with Retry-After past it), while another caller's scans are served", async () => {
    // The first citizen's store read waits: that caller's scans stay in flight.
    const store = gw.gateway.store;
    const citizenForScan = store.citizenForScan.bind(store);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    store.citizenForScan = async (citizenId, wanted, version) => {
      if (citizenId === citizens[0]) {
        waiting += 1;
        await held;
      }
      return citizenForScan(citizenId, wanted, version);
    };
    try {
      const inFlight = [scan(qrs[0] as string, 'checkpoint-a'), scan(qrs[0] as string, 'checkpoint-a')];
      await waitFor(() => waiting === 2, 5000, "the caller's two scans to be in flight");
      const third = await scan(qrs[0] as string, 'checkpoint-a');
      assert.deepEqual([third.status, third.headers.get('retry-after'), third.body.type.endsWith('/too-many-requests')], [429, '1', true]);
      const other = await scan(qrs[1] as string, 'checkpoint-b');
      assert.equal(other.status, 200, JSON.stringify(other.body));
      release();
      assert.deepEqual(
        (await Promise.all(inFlight)).map((answer) => answer.status),
        [200, 200],
      );
    } finally {
      release();
      store.citizenForScan = citizenForScan;
    }
  });
});
