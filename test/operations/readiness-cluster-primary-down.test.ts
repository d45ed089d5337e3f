import assert from 'node:assert/strict';
import { OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { readinessBecomes, readyz } from './readiness-answers';

const PREFIX = 'test:readiness-cluster:';

describe('readiness on a Redis Cluster with a primary down', function () {
  this.timeout(30000);

  it('is not ready while one primary of three is gone, though the others answer', async function () {
    redisServerInstalled(this);
    // Without a replica to promote, and with the other primaries still serving their own slots
    // (cluster-require-full-coverage no), the dead primary's slots fail for as long as it is gone.
    const cluster = await OwnRedisCluster.start({ nodeArgs: ['--cluster-require-full-coverage', 'no'] });
    const gw = await TestGateway.start({
      REDIS_CLUSTER_NODES: cluster.urls.join(','),
      REDIS_KEY_PREFIX: PREFIX,
      REDIS_COMMAND_TIMEOUT_MS: '300',
    });
    try {
      assert.equal((await readyz(gw)).status, 200);
      // Not the primary holding the one key a ping would read: that check would go on answering.
      const pinged = cluster.ownerOf(`${PREFIX}ping`).primary;
      const killed = cluster.topology().find((n) => n.role === 'primary' && n.id !== pinged.id)!;
      await killed.redis.stop();

      const down = await readinessBecomes(gw, 503);
      assert.deepEqual([down.status, down.body.status], [503, 'store-unavailable']);
      assert.equal((await gw.call('GET', '/healthz', { token: null })).status, 200);
    } finally {
      await gw.stop();
      await cluster.stop();
    }
  });
});
