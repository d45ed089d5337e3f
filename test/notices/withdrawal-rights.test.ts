import assert from 'node:assert/strict';
import { TestGateway } from '../support/test-gateway';
import { APPROVER, ISSUER, activeNotice, declareDuc, issue, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;
const NOTICE = '/v1/exposure-notices/{noticeId}';

/**
 * Withdrawing a notice turns its close contacts green, so it takes as much as approving did: no single
 * token, with `tracing` alone or as a third supervisor, ends a notice two people put in force.
 */
describe('who may withdraw an exposure notice', function () {
  this.timeout(30000);
  let gw: TestGateway;
  let pari: { venueId: string };
  let duc: { qr: string };
  const now = new Date();
  const body = () => noticeOf(pari.venueId, new Date(now.getTime() - 48 * HOUR), new Date(now.getTime() - 24 * HOUR));
  const withdraw = (noticeId: string, subject: string, scopes: string[]) =>
    gw.call('POST', `/v1/exposure-notices/${noticeId}/withdraw`, { route: `${NOTICE}/withdraw`, token: gw.token(scopes, subject) });

  before(async () => {
    gw = await TestGateway.start({}, () => now);
    pari = await registerPari(gw);
    duc = await declareDuc(gw, now);
    await stay(gw, pari.venueId, duc.qr, new Date(now.getTime() - 30 * HOUR), new Date(now.getTime() - 29 * HOUR));
  });
  after(() => gw?.stop());

  it('refuses an active notice to a tracing token, even its issuer without tracing:approve, and to a third supervisor: 403, still red', async () => {
    const noticeId = await activeNotice(gw, body());
    for (const [subject, scopes] of [
      ['cdc-haiphong-someone', ['tracing']],
      [ISSUER, ['tracing']],
      [APPROVER, ['tracing']],
      ['cdc-haiphong-third-supervisor', ['tracing', 'tracing:approve']],
    ] as const) {
      const res = await withdraw(noticeId, subject, [...scopes]);
      assert.equal(res.status, 403, `${subject} ${scopes}: ${res.text}`);
    }
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
    assert.equal((await withdraw(noticeId, APPROVER, ['tracing:approve'])).status, 200);
  });

  it('lets the approver or the issuer holding tracing:approve withdraw an active notice: green at once', async () => {
    for (const subject of [APPROVER, ISSUER.toUpperCase()]) {
      const noticeId = await activeNotice(gw, body());
      assert.equal((await scan(gw, duc.qr)).body.status, 'red');
      const res = await withdraw(noticeId, subject, ['tracing:approve']);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'withdrawn');
      assert.notEqual((await scan(gw, duc.qr)).body.status, 'red');
    }
  });

  it('lets the issuer withdraw, or any tracing:approve holder decline, a pending notice; nobody else', async () => {
    const mine = (await issue(gw, body())).body.noticeId;
    assert.equal((await withdraw(mine, 'cdc-haiphong-someone', ['tracing'])).status, 403);
    assert.equal((await withdraw(mine, ISSUER, ['tracing'])).status, 200);
    const declined = (await issue(gw, body())).body.noticeId;
    assert.equal((await withdraw(declined, 'cdc-haiphong-third-supervisor', ['tracing:approve'])).status, 200);
  });

  it('lets a notice withdrawn by mistake be issued and approved again', async () => {
    const first = await activeNotice(gw, body());
    assert.equal((await withdraw(first, APPROVER, ['tracing:approve'])).status, 200);
    await activeNotice(gw, body());
    assert.equal((await scan(gw, duc.qr)).body.status, 'red');
  });
});

/** The supervisors who approve read what waits for them. */
describe('reading notices with tracing:approve alone', function () {
  this.timeout(20000);
  let gw: TestGateway;
  const now = new Date();

  before(async () => {
    gw = await TestGateway.start({}, () => now);
  });
  after(() => gw?.stop());

  it('lists and reads a pending notice', async () => {
    const pari = await registerPari(gw);
    const issued = await issue(gw, noticeOf(pari.venueId, new Date(now.getTime() - 48 * HOUR), new Date(now.getTime() - 24 * HOUR)));
    const token = gw.token(['tracing:approve'], APPROVER);
    const list = await gw.call('GET', '/v1/exposure-notices', { token });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(
      list.body.notices.map((n: { noticeId: string; status: string }) => [n.noticeId, n.status]),
      [[issued.body.noticeId, 'pending']],
    );
    const one = await gw.call('GET', `/v1/exposure-notices/${issued.body.noticeId}`, { route: NOTICE, token });
    assert.equal(one.status, 200, one.text);
  });
});
