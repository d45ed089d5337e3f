import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

/** Sở Y tế Hà Nội's feed: declarations and, from its own checkpoints' app, scans, under one subject. */
const PARTNER = 'so-y-te-ha-noi';
const OTHER_PARTNER = 'bluezone-partner';
/** A border checkpoint given its own scan allowance in RATE_LIMITS_FILE. */
const CHECKPOINT = 'chốt-cửa-khẩu-hữu-nghị';

/** One request as a client sends it; the answer's status, fields and body (problem+json parsed). */
async function send(gw: TestGateway, subject: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(gw.baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${gw.token(['declarations:write', 'declarations:read', 'citizens:read', 'verify'], subject)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, type, body: type.includes('json') ? JSON.parse(text) : text };
}

const ingest = (gw: TestGateway, subject: string) =>
  send(gw, subject, 'POST', '/v1/sources/tokhaiyte/declarations', goldenNative('tokhaiyte', '01'));
const scan = (gw: TestGateway, subject: string) => send(gw, subject, 'POST', '/v1/verify', { qr: 'VNHC1:không-phải-mã-thật' });

/** Statuses of `count` requests sent one after another. */
async function statuses(count: number, request: () => Promise<{ status: number }>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) seen.push((await request()).status);
  return seen;
}

/**
 * Small allowances that do not refill within a test (one request every 100 s): counting answers
 * shows the limits, with no timing in any assertion.
 */
function limitedEnv(): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), 'rate-limits-')), 'rate-limits.yaml');
  writeFileSync(
    file,
    `# Checkpoints scan all day: this one gets its own allowance.\n"${CHECKPOINT}":\n  scan: { perSecond: 0.01, burst: 8 }\n`,
  );
  return {
    RATE_LIMIT_INGEST_PER_SECOND: '0.01',
    RATE_LIMIT_INGEST_BURST: '3',
    RATE_LIMIT_SCAN_PER_SECOND: '0.01',
    RATE_LIMIT_SCAN_BURST: '5',
    RATE_LIMITS_FILE: file,
  };
}

describeOnEveryStore('per-caller rate limits', function (store) {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({ ...store.env, ...limitedEnv() });
  });
  after(() => gw?.stop());

  it("leaves a partner its scans when its ingest burst goes past its ingest limit, and another partner's ingest untouched", async () => {
    assert.deepEqual(await statuses(6, () => ingest(gw, PARTNER)), [201, 200, 200, 429, 429, 429]);
    assert.deepEqual(await statuses(5, () => scan(gw, PARTNER)), [200, 200, 200, 200, 200]);
    assert.equal((await ingest(gw, OTHER_PARTNER)).status, 200);
  });

  it('answers past the limit 429 problem+json, with Retry-After and the RateLimit fields saying when the next is allowed', async () => {
    const caller = 'so-y-te-da-nang';
    const allowed = [await ingest(gw, caller), await ingest(gw, caller), await ingest(gw, caller)];
    assert.deepEqual(
      allowed.map((a) => [a.headers.get('ratelimit-policy'), a.headers.get('ratelimit')?.replace(/;t=\d+$/, '')]),
      [
        ['"ingest";q=3;w=300', '"ingest";r=2'],
        ['"ingest";q=3;w=300', '"ingest";r=1'],
        ['"ingest";q=3;w=300', '"ingest";r=0'],
      ],
    );
    const refused = await ingest(gw, caller);
    assert.equal(refused.status, 429);
    assert.equal(refused.type.split(';')[0], 'application/problem+json');
    assert.equal(refused.body.type, 'https://gateway.vnhc.example/problems/rate-limited');
    assert.equal(refused.body.status, 429);
    assert.match(refused.body.detail, /0\.01 ingest requests a second, 3 at once/);
    // One request every 100 s: the next is allowed within 100 s, and RateLimit's window ends no earlier than Retry-After.
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 99 && retryAfter <= 100, `Retry-After: ${retryAfter}`);
    assert.equal(refused.headers.get('ratelimit'), `"ingest";r=0;t=${retryAfter}`);
    assert.equal(refused.headers.get('ratelimit-policy'), '"ingest";q=3;w=300');
  });

  it("gives a caller named in RATE_LIMITS_FILE its own allowance, and the file's other classes and callers the defaults", async () => {
    assert.deepEqual(await statuses(9, () => scan(gw, CHECKPOINT)), [200, 200, 200, 200, 200, 200, 200, 200, 429]);
    assert.equal((await scan(gw, CHECKPOINT)).headers.get('ratelimit-policy'), '"scan";q=8;w=800');
    assert.deepEqual(await statuses(4, () => ingest(gw, CHECKPOINT)), [200, 200, 200, 429]);
    assert.deepEqual(await statuses(6, () => scan(gw, 'so-y-te-can-tho')), [200, 200, 200, 200, 200, 429]);
  });

  it("counts every spelling express routes to a route in that route's class: case and one trailing slash change nothing", async () => {
    // path-to-regexp 8, as express 5 routes: case-insensitive, one trailing slash taken.
    const spellings: [method: 'GET' | 'POST', path: string, rateClass: string][] = [
      ['POST', '/v1/verify/', 'scan'],
      ['POST', '/v1/VERIFY', 'scan'],
      ['POST', '/V1/verify', 'scan'],
      ['POST', '/V1/Verify/', 'scan'],
      ['POST', '/v1/checkins:batch/', 'batch'],
      ['POST', '/v1/checkins:BATCH', 'batch'],
      ['POST', '/v1/Sources/tokhaiyte/Declarations:Batch/', 'batch'],
      ['GET', '/v1/TRACING/audit', 'tracing'],
      ['GET', '/v1/tracing/audit/', 'tracing'],
      ['GET', '/v1/Exposure-Notices', 'tracing'],
      // One person's movements are tracing's, not a read's.
      ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/stays', 'tracing'],
      ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/STAYS/', 'tracing'],
      // The citizen read, whose id merely ends as a batch route's path does.
      ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA:batch', 'read'],
      ['POST', '/v1/Sources/tokhaiyte/declarations/', 'ingest'],
    ];
    const counted = [];
    for (const [method, path] of spellings) {
      const answer = await send(gw, 'so-y-te-quang-ninh', method, path);
      counted.push([method, path, /^"(\w+)"/.exec(answer.headers.get('ratelimit-policy') ?? '')?.[1]]);
    }
    assert.deepEqual(counted, spellings);
  });

  it('serves no route for a percent-encoded character or a doubled slash, whatever class such a path is counted in', async () => {
    const paths = ['/v1/checkins%3Abatch', '/v1/checkins%3abatch', '/v1/%76erify', '/v1//verify', '/v1/verify//'];
    // A subject each: these are all counted as ingest, and this test is about routing, not the allowance.
    for (const [i, path] of paths.entries()) assert.equal((await send(gw, `so-y-te-lao-cai-${i}`, 'POST', path)).status, 404, path);
  });

  it('counts refusals by class of route in /metrics, never by caller', async () => {
    const metrics = await (await fetch(`${gw.baseUrl}/metrics`)).text();
    const refusals = metrics.split('\n').filter((line) => line.startsWith('vnhc_rate_limit_refusals_total{'));
    assert.deepEqual(
      refusals.map((line) => line.replace(/ \d+$/, '')),
      ['scan', 'ingest', 'batch', 'read', 'tracing'].map((c) => `vnhc_rate_limit_refusals_total{class="${c}"}`),
    );
    assert.ok(refusals.some((line) => /class="ingest"} [1-9]/.test(line)));
    assert.ok(!metrics.includes(PARTNER) && !metrics.includes(CHECKPOINT));
  });
});

describe('rate limits outside production, unless asked for', function () {
  this.timeout(20000);
  it('are off in the sandbox and the tests: no refusal, no RateLimit field', async () => {
    const gw = await TestGateway.start();
    try {
      const answers = await Promise.all(Array.from({ length: 300 }, () => scan(gw, PARTNER)));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      assert.equal(answers[0]?.headers.get('ratelimit'), null);
    } finally {
      await gw.stop();
    }
  });
});
