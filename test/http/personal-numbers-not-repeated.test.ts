import assert from 'node:assert/strict';
import { TestGateway } from '../support/test-gateway';

/**
 * A caller may put a personal number where an id or a path goes (a checkpoint system sending the
 * CCCD it scanned as its request id, a CCCD typed where a citizen id goes): the gateway never
 * repeats it in an answer's detail or writes it in a log line (hostile privacy probe).
 */
describe('a personal number in a path, a request id or a checkpoint id', () => {
  let gw: TestGateway;
  const CCCD = '079185112237';
  before(async () => {
    gw = await TestGateway.start();
  });
  after(() => gw?.stop());

  it('is never repeated by a 404 or a 405, nor by an unknown instance', async () => {
    // Sent as they come, past the contract check of documented routes.
    const send = async (method: string, path: string, body?: string) => {
      const headers = { authorization: `Bearer ${gw.token(['declarations:write', 'citizens:read'])}`, 'content-type': 'application/json' };
      const res = await fetch(gw.baseUrl + path, { method, headers, body });
      return { status: res.status, text: await res.text() };
    };
    const answers = [
      await send('GET', `/v1/citizens/${CCCD}/x`),
      await send('DELETE', `/v1/citizens/${CCCD}`),
      await send('POST', `/v1/sources/${CCCD}/declarations`, '{}'),
    ];
    assert.deepEqual(
      answers.map((a) => a.status),
      [404, 405, 404],
    );
    for (const answer of answers) assert.ok(!answer.text.includes(CCCD), answer.text);
  });

  it("replaces a caller's request id shaped as a personal number, however separated, with the gateway's own; keeps a UUID", async () => {
    for (const given of [CCCD, '0912-345-678', '0791.8511.2237', `req-${CCCD}`]) {
      const kept = (await gw.call('GET', '/healthz', { headers: { 'x-request-id': given } })).headers.get('x-request-id') ?? '';
      assert.ok(kept !== '' && kept !== given, `${given} was kept`);
    }
    for (const given of ['2f1c6a1e-8a4b-4c1e-9d55-012345678901', 'scan-79-015-a']) {
      assert.equal((await gw.call('GET', '/healthz', { headers: { 'x-request-id': given } })).headers.get('x-request-id'), given);
    }
  });
});
