import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ConfigError } from '../../gateway/errors/config-error';
import { clusterEnabled, connectRedis } from '../../gateway/store/redis-connection';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';

describe('a cluster-mode Redis given as REDIS_URL', function () {
  this.timeout(30000);
  let redis: OwnRedis;

  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.startInClusterMode();
    spawnSync('redis-cli', ['-p', String(redis.port), 'cluster', 'addslotsrange', '0', '16383']);
  });
  after(() => redis?.stop());

  // A one-shard cluster, or a managed cluster's endpoint, answers like one node but refuses the
  // store's single-node scripts and every command across slots: every new person would be a 503.
  it('is refused at connect, naming REDIS_CLUSTER_NODES, rather than answer every new person 503', async () => {
    await assert.rejects(
      connectRedis({ url: redis.url, commandTimeoutMs: 1000 }, () => {}),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /REDIS_CLUSTER_NODES/);
        return true;
      },
    );
  });

  it('stops a gateway from starting on it', async () => {
    const outcome = await TestGateway.start({ REDIS_URL: redis.url }).then(
      async (gw) => {
        await gw.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    assert.match(outcome, /cluster mode/);
  });
});

describe("a node's INFO cluster", () => {
  it('says cluster mode only with cluster_enabled:1', () => {
    assert.equal(clusterEnabled('# Cluster\r\ncluster_enabled:1\r\n'), true);
    assert.equal(clusterEnabled('# Cluster\r\ncluster_enabled:0\r\n'), false);
    assert.equal(clusterEnabled(''), false);
  });
});
