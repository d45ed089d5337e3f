import assert from 'node:assert/strict';
import { SIMULATORS } from '../../adapters/simulators';
import { formatIct } from '../../gateway/normalize/dates';
import { SandboxFixture } from '../support/sandbox-fixture';

/** "No record" is said only when every source that could hold one answered; otherwise the answer says what could not be asked. */
describe('verify: what could not be looked up', function () {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ citizens: 5 });
  });
  after(() => f.stop());
  afterEach(() => f.restore());

  it('says no declaration could be read, not that none exists, when the platform a code names is down', async () => {
    await f.faults('tokhaiyte', { down: true });
    const res = await f.scan('TKYT:TK21112900000777');
    assert.equal(res.body.status, 'unknown');
    assert.deepEqual(
      res.body.reasons.map((r: { code: string }) => r.code),
      ['sources-unreachable'],
    );
    assert.match(res.body.reasons[0].message, /tokhaiyte did not answer/);
  });

  it("answers from the device's newest stored level when Bluezone is down, though the device's code carries no version", async () => {
    // Pushed by Bluezone, never looked up: only the gateway's store holds the device's two levels,
    // each a record of its own (its version, the update time, is in its id; the code has none).
    const level = (riskLevel: string, hoursAgo: number) => ({
      bluezoneId: 'BZ4H7R2VXN',
      phoneNumber: '84987654321',
      riskLevel,
      lastContactAt: new Date(Date.now() - 50 * 3_600_000).toISOString(),
      updatedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    });
    for (const record of [level('F1', 3), level('NONE', 40)]) {
      const pushed = await f.gw.call('POST', '/v1/sources/bluezone/declarations', { body: record });
      assert.equal(pushed.status, 201);
    }
    await f.faults('bluezone', { down: true });
    const res = await f.scan('BZ:BZ4H7R2VXN');
    assert.equal(res.body.status, 'red');
    assert.ok(res.body.reasons.some((r: { code: string }) => r.code === 'risk-f1'));
    assert.deepEqual(
      res.body.sources.map((s: { instance: string; outcome: string }) => [s.instance, s.outcome]),
      [['bluezone', 'error']],
    );
  });

  it('says the platform did not answer, not that it holds no record, when a proxy in front of it answers its own 404 page', async () => {
    await f.faults('tokhaiyte', { misrouted: true });
    const res = await f.scan('TKYT:TK21112900000778');
    assert.deepEqual(
      [res.body.status, res.body.reasons.map((r: { code: string }) => r.code), res.body.sources[0].outcome],
      ['unknown', ['sources-unreachable'], 'error'],
    );
  });

  it("keeps a citizen red that only the platform's answer made red while a proxy answers 404 pages in its place", async () => {
    const citizen = f.citizenOn('tokhaiyte');
    const qr = await f.unifiedQrOf(citizen);
    // A newer declaration of a contact with a sick person, on the platform only (never pushed to the gateway): the scan's lookup brings it.
    const record = f.recordOf('tokhaiyte', citizen);
    const newest = {
      ...record,
      ma_to_khai: 'TK21112900000901',
      thoi_gian_khai_bao: ictMinutes(new Date(Date.now() - 600_000)),
      tiep_xuc_14_ngay: { ...record.tiep_xuc_14_ngay, nguoi_benh_hoac_nghi_ngo: true },
    };
    await f.addRecords('tokhaiyte', newest);
    const seen = (await f.scan(qr)).body;
    assert.equal(seen.status, 'red', JSON.stringify(seen.reasons));
    await f.faults('tokhaiyte', { misrouted: true });
    const meanwhile = (await f.scan(qr)).body;
    const tokhaiyte = (answer: any) =>
      answer.sources
        .filter((s: { instance: string }) => s.instance === 'tokhaiyte')
        .map((s: { outcome: string; stale: boolean }) => [s.outcome, s.stale]);
    assert.deepEqual(tokhaiyte(seen), [['answered', false]]);
    assert.deepEqual([meanwhile.status, tokhaiyte(meanwhile)], [seen.status, [['error', true]]]);
  });

  it('says no record when the platform answered that it has none', async () => {
    const res = await f.scan('TKYT:TK21112900000778');
    assert.deepEqual([res.body.status, res.body.reasons.map((r: { code: string }) => r.code)], ['unknown', ['no-record']]);
  });

  it("refuses a scan with 503 and Retry-After when the gateway's own store cannot be read, rather than answering unknown", async () => {
    const citizen = f.citizenOn('tokhaiyte');
    const qr = await f.unifiedQrOf(citizen);
    const store = f.gw.gateway.store;
    const getCitizen = store.getCitizen;
    store.getCitizen = () => new Promise(() => {}); // a store that never answers
    try {
      const res = await f.scan(qr);
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '1');
    } finally {
      store.getCitizen = getCitizen;
    }
  });
});

describe('verify: an instance configured without a lookup API', function () {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ citizens: 12, ingestOnly: ['c06'] });
  });
  after(() => f.stop());

  it("lists it among a citizen's sources as not asked (error), its stored records weighed: never left out as if it held nothing", async () => {
    const citizen = f.citizenOn('tokhaiyte', 'c06');
    // A passage refused an hour ago, sent by C06 to the gateway (its API is not configured: never asked).
    const refused = SIMULATORS.c06.recordFor(citizen, f.simulator('c06').instance, new Date(Date.now() - 3_600_000)) as any;
    Object.assign(refused, { maKhaiBao: 'C06-79-20211130-990001', trangThai: 'TU_CHOI', lyDoTuChoi: 'Sai thông tin CCCD' });
    assert.equal((await f.gw.call('POST', '/v1/sources/c06/declarations', { body: refused })).status, 201);
    const res = await f.scan(await f.unifiedQrOf(citizen));
    const sources = new Map(res.body.sources.map((s: { instance: string; outcome: string }) => [s.instance, s.outcome]));
    assert.deepEqual([sources.get('c06'), sources.get('tokhaiyte')], ['error', 'answered']);
    assert.deepEqual(
      res.body.reasons.filter((r: { code: string }) => r.code === 'refused-at-checkpoint').map((r: { instance: string }) => r.instance),
      ['c06'],
    );
  });
});

/** `dd/MM/yyyy HH:mm` in Vietnam's time, as the Ministry's site writes its declaration times. */
function ictMinutes(at: Date): string {
  const [date, time] = formatIct(at).split('T') as [string, string];
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year} ${time.slice(0, 5)}`;
}
