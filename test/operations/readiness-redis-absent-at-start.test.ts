import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { ConfigError } from '../../gateway/errors/config-error';
import { connectRedis } from '../../gateway/store/redis-connection';
import { goldenNative } from '../support/mapping';
import { freePort, OwnRedis, OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';
import { TestGateway } from '../support/test-gateway';
import { readinessBecomes, readyz } from './readiness-answers';

/** Live (`/healthz` 200), not ready (`/readyz` 503 store-unavailable), and a scan refused honestly (503, Retry-After). */
async function liveNotReady(gw: TestGateway): Promise<void> {
  assert.equal((await gw.call('GET', '/healthz', { token: null })).status, 200);
  const notReady = await readyz(gw);
  assert.deepEqual([notReady.status, notReady.body.status], [503, 'store-unavailable']);
  const scan = await gw.call('POST', '/v1/verify', { body: { qr: 'TKYT:TK21112900000777' } });
  assert.deepEqual([scan.status, scan.headers.get('retry-after')], [503, '1']);
}

/** One of the Ministry's golden declarations (`which`) sent and stored: 201. */
async function storesOne(gw: TestGateway, which: string): Promise<void> {
  const ingested = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
    body: goldenNative('tokhaiyte', which),
    route: '/v1/sources/{instance}/declarations',
  });
  assert.equal(ingested.status, 201, ingested.text);
}

/**
 * A gateway started while its Redis is not there yet (a node restarting, a Redis pod scheduled after
 * the gateway's) listens anyway: live, not ready, its requests refused honestly, until Redis comes.
 * Before, it never listened, so its liveness probe restarted it again and again, saying nothing why.
 */
describe('a gateway started before its Redis', function () {
  this.timeout(30000);
  it('is live, answers /readyz 503 store-unavailable and a scan 503 with Retry-After, then ready once Redis comes', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.notStartedYet();
    const gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
    try {
      await liveNotReady(gw);
      await redis.start();
      const ready = await readinessBecomes(gw, 200);
      assert.equal(ready.body.status, 'ready');
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });

  it('ends its connecting when it stops before Redis came, and that end is no configuration refused (which exits 78)', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.notStartedYet();
    const connection = await connectRedis({ url: redis.url, commandTimeoutMs: 200 }, () => {});
    await connection.close();
    const ended = await connection.connected.then(
      () => 'connected',
      (error: unknown) => error,
    );
    assert.ok(ended instanceof Error && !(ended instanceof ConfigError), String(ended));
  });

  it('refuses a Redis reached late that is a cluster node, as it would have at start', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.startInClusterMode();
    await redis.stop();
    const connection = await connectRedis({ url: redis.url, commandTimeoutMs: 200 }, () => {});
    try {
      await redis.start();
      await assert.rejects(connection.connected, ConfigError);
    } finally {
      await connection.close();
      await redis.stop();
    }
  });

  it('asks again whether Redis is a cluster while it is busy (BUSY), and refuses one that will never say (an ACL without INFO)', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start(['--busy-reply-threshold', '100']);
    const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' });
    try {
      // A script that runs 1.5 s: past 100 ms every other command is answered BUSY until it ends.
      const busy = spawn('redis-cli', [
        '-p',
        String(redis.port),
        'EVAL',
        "local t = redis.call('TIME') while true do local n = redis.call('TIME') if (n[1] - t[1]) * 1000000 + (n[2] - t[2]) > 1500000 then break end end return 1",
        '0',
      ]);
      await waitFor(() => cli('PING').stdout.includes('BUSY'), 2000, 'Redis to be busy');
      const connection = await connectRedis({ url: redis.url, commandTimeoutMs: 200, startWaitMs: 0 }, () => {});
      try {
        await connection.connected;
      } finally {
        await connection.close();
        busy.kill();
      }
      cli('ACL', 'SETUSER', 'khong-info', 'on', '>mat-khau', '~*', '+@all', '-info');
      const url = `redis://khong-info:mat-khau@127.0.0.1:${redis.port}`;
      await assert.rejects(
        connectRedis({ url, commandTimeoutMs: 200 }, () => {}),
        ConfigError,
      );
    } finally {
      await redis.stop();
    }
  });
});

/**
 * The same for a Redis Cluster none of whose nodes answers at start: it listens, live and not ready,
 * and is tried again every second until a node answers. Before, it did not listen at all (its
 * liveness probe restarted it again and again while the cluster was away).
 */
describe('a gateway started before its Redis Cluster', function () {
  this.timeout(60000);
  it('is live, answers /readyz 503 and a scan 503 with Retry-After, then ready and writing once a node answers', async function () {
    redisServerInstalled(this);
    const cluster = await OwnRedisCluster.start();
    // The node the gateway is given answers nothing until it is forwarded to one of the cluster's.
    const port = await freePort();
    const forwarder = createServer((socket) => {
      const node = connect(cluster.nodes[0]!.port, '127.0.0.1');
      socket.on('error', () => node.destroy());
      node.on('error', () => socket.destroy());
      socket.pipe(node).pipe(socket);
    });
    const gw = await TestGateway.start({ REDIS_CLUSTER_NODES: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: '200' });
    try {
      await liveNotReady(gw);
      await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve));
      const ready = await readinessBecomes(gw, 200);
      assert.equal(ready.body.status, 'ready');
      await storesOne(gw, '01');
    } finally {
      await gw.stop();
      await new Promise((resolve) => forwarder.close(resolve));
      await cluster.stop();
    }
  });

  it('reads the slot map again while a node answers without one (the cluster not created yet), then is ready and writing', async function () {
    redisServerInstalled(this);
    const node = await OwnRedis.startInClusterMode();
    const gw = await TestGateway.start({ REDIS_CLUSTER_NODES: node.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
    try {
      // Before, every command was a 500 (no primary for its slot), for good.
      await liveNotReady(gw);
      // The cluster created: one primary for every slot.
      spawnSync('redis-cli', ['-p', String(node.port), 'CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
      assert.equal((await readinessBecomes(gw, 200)).body.status, 'ready');
      await storesOne(gw, '03');
    } finally {
      await gw.stop();
      await node.stop();
    }
  });

  it('refuses a Redis not in cluster mode named as a cluster node, as a configuration refused (exit 78)', async function () {
    redisServerInstalled(this);
    const single = await OwnRedis.start();
    try {
      await assert.rejects(
        connectRedis({ clusterNodes: [single.url], commandTimeoutMs: 200 }, () => {}),
        ConfigError,
      );
    } finally {
      await single.stop();
    }
  });

  it('ends its trying when it stops before a node answered, and that end is no configuration refused', async () => {
    const connection = await connectRedis({ clusterNodes: [`redis://127.0.0.1:${await freePort()}`], commandTimeoutMs: 200 }, () => {});
    await connection.close();
    const ended = await connection.connected.then(
      () => 'connected',
      (error: unknown) => error,
    );
    assert.ok(ended instanceof Error && !(ended instanceof ConfigError), String(ended));
  });
});
