import assert from 'node:assert/strict';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { waitForReplicas, type ClusterRedis } from '../../gateway/store/replica-acknowledgement';
import { OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';

const PREFIX = 'test:wait:';
const WRITES = 1000;

interface RawCluster extends ClusterRedis {
  set(key: string, value: string): Promise<unknown>;
  sendCommand(key: string, readonly: boolean, args: string[]): Promise<unknown>;
}

describe('WAIT: a write held by a replica before it is acknowledged (three primaries, a replica each)', function () {
  this.timeout(60000);
  let cluster: OwnRedisCluster;
  let connection: RedisConnection;
  let raw: RawCluster;

  before(async function () {
    redisServerInstalled(this);
    cluster = await OwnRedisCluster.start({ replicasPerPrimary: 1 });
    connection = await connectRedis(
      { clusterNodes: cluster.urls, commandTimeoutMs: 1000, keyPrefix: PREFIX, waitReplicas: 1, waitTimeoutMs: 100 },
      () => {},
    );
    raw = connection.commands as unknown as RawCluster;
  });
  after(async () => {
    await connection?.close();
    await cluster?.stop();
  });

  it('counts the replica of the primary owning the key once it holds the write', async () => {
    const key = `${PREFIX}{cit_a}:declaration`;
    await raw.set(key, 'x');
    assert.equal(await connection.waitForReplicas(key), 1);
    assert.equal(await waitForReplicas(raw, key, 1, 100), 1);
  });

  it('sends nothing and answers 0 when REDIS_WAIT_REPLICAS is 0 (the default)', async () => {
    const off = await connectRedis({ clusterNodes: cluster.urls, commandTimeoutMs: 1000 }, () => {});
    try {
      assert.equal(off.replicasRequired, 0);
      assert.equal(await off.waitForReplicas(`${PREFIX}{cit_a}:declaration`), 0);
    } finally {
      await off.close();
    }
  });

  it('costs a round trip to the replica per write, blocking the connection the writes share meanwhile (figures printed)', async () => {
    const key = (i: number) => `${PREFIX}{cit_cost}:${i}`;
    /** Milliseconds per write, WRITES writes by `writers` writers each writing one after another (32: a busy gateway's requests). */
    const timed = async (write: (i: number) => Promise<unknown>, writers: number) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < WRITES) await write(next++);
        }),
      );
      return (performance.now() - started) / WRITES;
    };
    const plain = (i: number) => raw.set(key(i), 'x');
    const waited = async (i: number) => {
      await raw.set(key(i), 'x');
      const acknowledged = await connection.waitForReplicas(key(i));
      if (acknowledged < 1) throw new Error(`write ${i}: ${acknowledged} replicas`);
    };
    await timed(plain, 1); // warm up
    const f = (n: number) => n.toFixed(3);
    const [one, oneWaited, many, manyWaited] = [
      await timed(plain, 1),
      await timed(waited, 1),
      await timed(plain, 32),
      await timed(waited, 32),
    ];
    console.log(
      `      WAIT cost (${WRITES} SETs to one primary on loopback, its replica in sync): one writer ${f(one!)} ms/write without WAIT, ` +
        `${f(oneWaited!)} with; 32 writers ${f(many!)} ms/write without, ${f(manyWaited!)} with`,
    );
  });

  it('answers fewer, after its timeout, for a primary whose replica is gone, while the other primaries still answer 1', async () => {
    const lonely = `${PREFIX}{cit_b}:declaration`;
    const { primary, replica } = cluster.ownerOf(lonely);
    const elsewhere = ['c', 'd', 'e', 'f', 'g', 'h']
      .map((t) => `${PREFIX}{cit_${t}}:declaration`)
      .find((k) => cluster.ownerOf(k).primary.id !== primary.id)!;
    await replica!.redis.stop();
    await waitFor(
      async () => {
        await raw.set(lonely, 'x');
        return (await connection.waitForReplicas(lonely)) === 0;
      },
      5000,
      'the primary to count its replica gone',
    );
    await raw.set(elsewhere, 'x');
    assert.equal(await connection.waitForReplicas(elsewhere), 1);
    // Why WAIT goes through the key's own node client: node-redis's command table sends a WAIT given
    // to the cluster to every primary and answers the smallest count, 0 here, for a healthy shard's key.
    assert.equal(await raw.sendCommand(elsewhere, false, ['WAIT', '1', '100']), 0);
  });
});
