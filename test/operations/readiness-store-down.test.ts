import assert from 'node:assert/strict';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { readinessBecomes, readyz } from './readiness-answers';

describe('readiness when the store is down', function () {
  this.timeout(20000);
  it('answers /readyz 503 while Redis does not answer, and /healthz 200: the process lives', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start();
    const gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
    try {
      assert.equal((await readyz(gw)).status, 200);
      await redis.stop();
      const down = await readinessBecomes(gw, 503);
      assert.deepEqual([down.status, down.body.status], [503, 'store-unavailable']);
      assert.equal((await gw.call('GET', '/healthz', { token: null })).status, 200);
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });
});
