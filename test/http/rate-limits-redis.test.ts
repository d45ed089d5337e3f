import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled, requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { TestGateway } from '../support/test-gateway';

/** One request every 100 s, three at once: nothing refills within a test, so counting answers shows the limit. */
const TIGHT_INGEST = { RATE_LIMIT_INGEST_PER_SECOND: '0.01', RATE_LIMIT_INGEST_BURST: '3' };

const ingestWith = (baseUrl: string, token: string) =>
  fetch(`${baseUrl}/v1/sources/tokhaiyte/declarations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(goldenNative('tokhaiyte', '01')),
  });

describe('rate limits shared by two gateway processes on one Redis', function () {
  this.timeout(60000);
  let a: GatewayProcess;
  let b: GatewayProcess;
  let tokenOf: (subject: string) => string;

  before(async function () {
    await requireRedis(this);
    const sandbox = mkdtempSync(join(tmpdir(), 'rate-limits-'));
    const auth = loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth;
    tokenOf = (subject) => signAccessToken(auth, subject, ['declarations:write']);
    const env = {
      SANDBOX_DIR: sandbox,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:`,
      ...TIGHT_INGEST,
    };
    [a, b] = (await GatewayProcess.startAll(env, env)) as [GatewayProcess, GatewayProcess];
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("counts one caller's requests to either process against one allowance, and another caller's apart", async () => {
    const token = tokenOf('so-y-te-hai-phong');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await ingestWith(i % 2 ? a.baseUrl : b.baseUrl, token)).status);
    // Three in all, not three on each process.
    assert.equal(statuses.filter((s) => s === 429).length, 5, String(statuses));
    assert.deepEqual(statuses.slice(3), [429, 429, 429, 429, 429]);
    assert.notEqual((await ingestWith(a.baseUrl, tokenOf('so-y-te-quang-ninh'))).status, 429);
  });
});

/**
 * The limiter fails open to a bounded local limit: a request it lets through meets the store's own
 * outage answer (503 with Retry-After), and the allowance is still counted, in the process.
 */
describe('rate limits while Redis is away', function () {
  this.timeout(30000);
  let redis: OwnRedis;
  let gw: TestGateway;
  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start();
    gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300', ...TIGHT_INGEST });
  });
  after(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it("answers the store's own 503 with Retry-After while the local allowance lasts, and 429 past it; never a 500", async () => {
    const token = gw.token(['declarations:write'], 'so-y-te-nghe-an');
    await redis.stop();
    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await ingestWith(gw.baseUrl, token);
      answers.push([
        response.status,
        response.headers.get('retry-after') !== null,
        ((await response.json()) as { type: string }).type.split('/').pop(),
      ]);
    }
    assert.deepEqual(answers, [
      [503, true, 'unavailable'],
      [503, true, 'unavailable'],
      [503, true, 'unavailable'],
      [429, true, 'rate-limited'],
      [429, true, 'rate-limited'],
    ]);
  });
});
