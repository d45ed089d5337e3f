import assert from 'node:assert/strict';
import { TestGateway } from '../support/test-gateway';

/** The value of one series of vnhc_http_requests_total in a scrape, or 0. */
function requests(scrape: string, route: string, method: string, status: string): number {
  const line = scrape
    .split('\n')
    .find(
      (l) =>
        l.startsWith('vnhc_http_requests_total{') &&
        l.includes(`route="${route}"`) &&
        l.includes(`method="${method}"`) &&
        l.includes(`status="${status}"`),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('answers given before a request is routed, in the metrics', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({ RATE_LIMITS: 'on', RATE_LIMIT_SCAN_PER_SECOND: '0.01', RATE_LIMIT_SCAN_BURST: '1' });
  });
  after(() => gw.stop());

  const scrape = async () => (await gw.call('GET', '/metrics', { token: null, route: '/metrics' })).text;
  const scan = (token?: string | null) =>
    gw.call('POST', '/v1/verify', { token, body: { qr: 'VNHC1:không-phải-mã-thật', checkpoint: { id: 'chot-hai-phong-01' } } });

  it('count a scan refused for its token, or past its rate limit, as a scan of /v1/verify', async () => {
    assert.equal((await scan(null)).status, 401);
    const token = gw.token(['verify'], 'chot-kiem-dich-quan-ngo-quyen');
    await scan(token);
    assert.equal((await scan(token)).status, 429);
    const text = await scrape();
    assert.equal(requests(text, '/v1/verify', 'POST', '401'), 1);
    assert.equal(requests(text, '/v1/verify', 'POST', '429'), 1);
  });

  it('still count a path no route serves as unmatched, never as the path itself', async () => {
    const res = await fetch(`${gw.baseUrl}/v1/kh%C3%B4ng-c%C3%B3`, { headers: { authorization: `Bearer ${gw.token()}` } });
    assert.equal(res.status, 404);
    const text = await scrape();
    assert.ok(requests(text, 'unmatched', 'GET', '404') >= 1);
    assert.doesNotMatch(text, /không-có|kh%C3%B4ng/);
  });
});
