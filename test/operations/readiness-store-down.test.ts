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

  it("answers /readyz from this process's breakers without reading the other processes' views: a store that hangs delays it by the readiness write's budget only", async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start();
    const gw = await TestGateway.start({ REDIS_URL: redis.url });
    try {
      // The fleet's views (a Redis read per process) hang, as they did while Redis slept: readiness does not wait for them.
      gw.gateway.fleet.views = () => new Promise(() => {});
      const ready = await readyz(gw);
      assert.deepEqual([ready.status, ready.body.openBreakers], [200, []]);
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });
});
