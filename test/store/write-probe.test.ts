import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { hashSlot } from '../../gateway/store/write-probe';
import { OwnRedisCluster, redisServerInstalled } from '../support/redis';

const PREFIX = 'test:probe:';

describe('the write probe behind readiness', () => {
  it('hashes a tag to the slot Redis Cluster gives it (CRC16-XMODEM modulo 16384)', () => {
    // The answers of CLUSTER KEYSLOT on Redis 7.
    const slots = { '123456789': 12739, foo: 12182, 'ready-0': 6213, 'ready-1': 2148, Nguyễn: 9389 };
    assert.deepEqual(Object.fromEntries(Object.keys(slots).map((tag) => [tag, hashSlot(tag)])), slots);
  });

  describe('on a Redis Cluster', function () {
    this.timeout(30000);
    let cluster: OwnRedisCluster;
    let connection: RedisConnection;
    before(async function () {
      redisServerInstalled(this);
      cluster = await OwnRedisCluster.start();
      connection = await connectRedis({ clusterNodes: cluster.urls, commandTimeoutMs: 300, keyPrefix: PREFIX }, () => {});
    });
    after(async () => {
      await connection?.close();
      await cluster?.stop();
    });

    it('writes one expiring key, holding nothing but "1", on every primary', async () => {
      await connection.probeWrites();
      for (const node of cluster.nodes) {
        const client = createClient({ url: node.url });
        await client.connect();
        const keys = await client.keys(`${PREFIX}*`);
        assert.equal(keys.length, 1, `primary ${node.port}: ${keys.join(', ')}`);
        assert.equal(await client.get(keys[0]!), '1');
        const ttl = await client.pTTL(keys[0]!);
        assert.ok(ttl > 0 && ttl <= 5000, `ttl ${ttl}`);
        await client.close();
      }
    });

    it('fails when a primary is gone', async () => {
      await cluster.nodes[1]!.stop();
      await assert.rejects(connection.probeWrites());
    });
  });
});
