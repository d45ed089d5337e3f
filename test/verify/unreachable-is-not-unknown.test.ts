import assert from 'node:assert/strict';
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
