import assert from 'node:assert/strict';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { SandboxFixture } from '../support/sandbox-fixture';

/** A scan whose store is gone cannot be answered from nothing: a 503 with Retry-After, never a 500, never "unknown". */
describe('verify with Redis gone', function () {
  this.timeout(30000);
  let redis: OwnRedis;
  let f: SandboxFixture;

  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start();
    f = await SandboxFixture.start({ citizens: 5, env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' } });
  });
  after(async () => {
    await f?.stop();
    await redis?.stop();
  });

  it('answers 503 with Retry-After for a unified code and for a platform code whose platform is down too', async () => {
    const citizen = f.citizenOn('tokhaiyte');
    const unified = await f.unifiedQrOf(citizen);
    const platformCode = `TKYT:${f.recordOf('tokhaiyte', citizen).ma_to_khai}`;
    await f.faults('tokhaiyte', { down: true });
    await redis.stop();
    for (const qr of [unified, platformCode]) {
      const res = await f.scan(qr);
      assert.equal(res.status, 503, `${qr.slice(0, 5)}: ${res.text}`);
      assert.equal(res.headers.get('retry-after'), '1');
    }
  });
});
