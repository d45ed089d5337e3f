import assert from 'node:assert/strict';
import { TestGateway } from '../support/test-gateway';
import { ISSUER, act, issue, noticeOf, registerPari } from './notice-story';

const HOUR = 3_600_000;

/** The four-eyes rule counts people, not spellings: the issuer under another case or with an invisible character is still the issuer. */
describe('approving a notice with another spelling of the issuer', function () {
  this.timeout(20000);
  let gw: TestGateway;
  let pari: { venueId: string };
  const now = new Date();
  const pending = async () => {
    const issued = await issue(gw, noticeOf(pari.venueId, new Date(now.getTime() - 48 * HOUR), new Date(now.getTime() - 24 * HOUR)));
    assert.equal(issued.status, 201, issued.text);
    return issued.body.noticeId as string;
  };

  before(async () => {
    gw = await TestGateway.start({}, () => now);
    pari = await registerPari(gw);
  });
  after(() => gw?.stop());

  it('is a 403 for the issuer in other letter cases or compatibility forms', async () => {
    for (const other of [ISSUER.toUpperCase(), 'CDC-HaiPhong-Tran-Thi-Lan', ISSUER.replace('cdc', 'ｃｄｃ')]) {
      const res = await act(gw, await pending(), 'approve', other);
      assert.equal(res.status, 403, `${JSON.stringify(other)}: ${res.text}`);
    }
  });

  it('is a 401 for a token whose subject carries trailing whitespace or an invisible character', async () => {
    for (const other of [`${ISSUER} `, `${ISSUER}\u200b`, `\u2060${ISSUER}`]) {
      const noticeId = await pending();
      const res = await act(gw, noticeId, 'approve', other);
      assert.equal(res.status, 401, `${JSON.stringify(other)}: ${res.text}`);
      assert.equal(
        (
          await gw.call('GET', `/v1/exposure-notices/${noticeId}`, {
            route: '/v1/exposure-notices/{noticeId}',
            token: gw.token(['tracing']),
          })
        ).body.status,
        'pending',
      );
    }
  });
});
