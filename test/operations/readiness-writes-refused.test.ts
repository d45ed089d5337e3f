import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { readinessBecomes, readyz } from './readiness-answers';

const SINGLE = '/v1/sources/{instance}/declarations';

/** Readiness is a write: a Redis that answers pings and reads but refuses writes is not ready. */
describe('readiness when Redis answers but refuses writes', function () {
  this.timeout(30000);

  it('is not ready while writes fail for want of replicas (min-replicas-to-write), and ready again when they succeed', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start();
    const admin = createClient({ url: redis.url });
    await admin.connect();
    const gw = await TestGateway.start({ REDIS_URL: redis.url });
    try {
      assert.equal((await readyz(gw)).status, 200);
      // No replica is attached: every write is refused with NOREPLICAS, while PING, GET and EXISTS still answer.
      await admin.configSet('min-replicas-to-write', '1');
      const down = await readinessBecomes(gw, 503);
      assert.equal(down.body.status, 'store-unavailable');
      const refused = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
      assert.equal(refused.status, 503);

      await admin.configSet('min-replicas-to-write', '0');
      await readinessBecomes(gw, 200);
      const stored = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
      assert.equal(stored.status, 201);
    } finally {
      await gw.stop();
      await admin.close();
      await redis.stop();
    }
  });

  it('is not ready on a read-only replica (a gateway pointed at a demoted primary)', async function () {
    redisServerInstalled(this);
    const primary = await OwnRedis.start();
    const replica = await OwnRedis.start(['--replicaof', '127.0.0.1', String(primary.port)]);
    const gw = await TestGateway.start({ REDIS_URL: replica.url });
    try {
      const answer = await readyz(gw);
      assert.deepEqual([answer.status, answer.body.status], [503, 'store-unavailable']);
      const refused = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
      assert.equal(refused.status, 503);
    } finally {
      await gw.stop();
      await replica.stop();
      await primary.stop();
    }
  });
});
