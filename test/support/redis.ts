import { randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { waitFor } from './wait-for';

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * For tests that need Redis: on a laptop without it they skip with a clear message; under CI
 * (CI set) a missing Redis fails them, since CI must prove the store.
 */
export async function requireRedis(context: Mocha.Context, url = SHARED_REDIS_URL): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.close();
  } catch {
    if (process.env.CI) throw new Error(`Redis is required under CI and does not answer at ${url}`);
    process.stdout.write(`      (skipped: no Redis at ${url}; start one with redis-server, or run .ci/run)\n`);
    context.skip();
  }
}

/**
 * Inside a describe: one connection to the shared Redis for its tests, opened before them (they skip
 * or fail as requireRedis says) and closed after; read it in a test as `connection()`.
 */
export function sharedRedisConnection(commandTimeoutMs = 1000): () => RedisConnection {
  let connection: RedisConnection | undefined;
  before(async function () {
    await requireRedis(this);
    connection = await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs }, () => {});
  });
  after(() => connection?.close());
  return () => connection as RedisConnection;
}

export function redisServerInstalled(context: Mocha.Context): void {
  if (spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0) return;
  if (process.env.CI) throw new Error('redis-server and redis-cli are required under CI (apt-get install redis-server)');
  process.stdout.write('      (skipped: redis-server is not installed; apt-get install redis-server, or run .ci/run)\n');
  context.skip();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own on a free port, that the test may stop and start again. */
export class OwnRedis {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'redis-'));

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  static async start(extraArgs: string[] = []): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), extraArgs);
    await redis.start();
    return redis;
  }

  /** A Redis on a port of its own, not started yet: there for a gateway that starts before it (start it later). */
  static async notStartedYet(): Promise<OwnRedis> {
    return new OwnRedis(await freePort(), []);
  }

  /** One node in cluster mode, no slots assigned: a one-shard cluster's node, or a managed cluster's endpoint, named as one Redis. */
  static startInClusterMode(): Promise<OwnRedis> {
    return OwnRedis.start(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${randomBytes(4).toString('hex')}.conf`]);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...this.extraArgs],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      const pong = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
      return pong.stdout.trim() === 'PONG';
    }, 5000);
  }

  /** Redis stops answering for `seconds` (DEBUG SLEEP: started with --enable-debug-command yes), connections left open. */
  async sleep(seconds: number): Promise<void> {
    spawn('redis-cli', ['-p', String(this.port), 'DEBUG', 'SLEEP', String(seconds)], { stdio: 'ignore' });
    await waitFor(
      () => spawnSync('timeout', ['0.1', 'redis-cli', '-p', String(this.port), 'ping']).status !== 0,
      2000,
      'Redis to stop answering',
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** How a Redis Cluster of the test's own is made: replicas per primary, and how soon a silent node counts as failed. */
export interface ClusterShape {
  /** 0 (the default): three primaries; 1: three primaries and three replicas. */
  replicasPerPrimary?: 0 | 1;
  /** cluster-node-timeout (default 2000 ms): a small one makes a failover quick. */
  nodeTimeoutMs?: number;
  /** More redis-server arguments for every node (`--cluster-require-full-coverage no`, say). */
  nodeArgs?: string[];
}

/** One node as CLUSTER NODES shows it. */
export interface ClusterNodeView {
  redis: OwnRedis;
  id: string;
  role: 'primary' | 'replica';
  /** The primary a replica follows. */
  primaryId?: string;
  /** A primary's slot ranges, [from, to] inclusive. */
  slots: [number, number][];
}

/**
 * A Redis Cluster on loopback, made with `redis-cli --cluster create`: three primaries, or three
 * primaries with a replica each. Each node's bus port is a free port of its own (`--cluster-port`):
 * the default, port + 10000, lies past 65535 for a fifth of the ephemeral range (Redis then exits).
 */
export class OwnRedisCluster {
  private constructor(readonly nodes: OwnRedis[]) {}

  static async start({ replicasPerPrimary = 0, nodeTimeoutMs = 2000, nodeArgs = [] }: ClusterShape = {}): Promise<OwnRedisCluster> {
    const started = await Promise.allSettled(
      Array.from({ length: 3 * (1 + replicasPerPrimary) }, async () =>
        OwnRedis.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          String(nodeTimeoutMs),
          '--cluster-port',
          String(await freePort()),
          ...nodeArgs,
        ]),
      ),
    );
    const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const cluster = new OwnRedisCluster(nodes);
    // A node that does not start, or a cluster that does not form, stops every node: left running, they would hold mocha open.
    try {
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const created = spawnSync(
        'redis-cli',
        [
          '--cluster',
          'create',
          ...nodes.map((n) => `127.0.0.1:${n.port}`),
          '--cluster-replicas',
          String(replicasPerPrimary),
          '--cluster-yes',
        ],
        { encoding: 'utf8' },
      );
      if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
      await waitFor(
        () => nodes.every((n) => redisCli(n.port, 'cluster', 'info').includes('cluster_state:ok')),
        10000,
        'the cluster to be ok',
      );
      if (replicasPerPrimary > 0) {
        // Every node sees three primaries and three replicas, and every replica holds its primary's data.
        await waitFor(
          () => {
            const views = nodes.map((n) => parseClusterNodes(redisCli(n.port, 'cluster', 'nodes')));
            if (!views.every((view) => view.filter((v) => v.role === 'replica').length === 3)) return false;
            const replicas = views[0]!.filter((v) => v.role === 'replica');
            return replicas.every((r) => redisCli(r.port, 'info', 'replication').includes('master_link_status:up'));
          },
          10000,
          'every replica to follow its primary',
        );
      }
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** The nodes and their roles, as a node still running sees them. */
  topology(): ClusterNodeView[] {
    for (const node of this.nodes) {
      const answer = redisCli(node.port, 'cluster', 'nodes');
      if (!answer) continue;
      return parseClusterNodes(answer).map((v) => ({
        redis: this.nodes.find((n) => n.port === v.port)!,
        id: v.id,
        role: v.role,
        primaryId: v.primaryId,
        slots: v.slots,
      }));
    }
    throw new Error('no node of the cluster answers');
  }

  /** A primary and the replica that follows it. */
  primaryWithReplica(): { primary: OwnRedis; replica: OwnRedis } {
    const nodes = this.topology();
    for (const primary of nodes.filter((n) => n.role === 'primary')) {
      const replica = nodes.find((n) => n.primaryId === primary.id);
      if (replica) return { primary: primary.redis, replica: replica.redis };
    }
    throw new Error('no primary has a replica');
  }

  /** The primary whose slots hold `key`, and its replica when it has one. */
  ownerOf(key: string): { primary: ClusterNodeView; replica?: ClusterNodeView } {
    const nodes = this.topology();
    const slot = Number(redisCli(nodes[0]!.redis.port, 'cluster', 'keyslot', key));
    const primary = nodes.find((n) => n.role === 'primary' && n.slots.some(([from, to]) => slot >= from && slot <= to));
    if (!primary) throw new Error(`no primary holds slot ${slot}`);
    return { primary, replica: nodes.find((n) => n.primaryId === primary.id) };
  }

  /**
   * Starts moving the slot of `keys` (one slot) to another primary and moves those keys only, as a
   * reshard does key by key: the slot is left MIGRATING on its owner and IMPORTING on the other.
   * `finish` (once; later calls do nothing) moves the slot's other keys and gives the slot to the
   * other primary, on every node. A start that fails leaves the slot as it was (STABLE on both).
   */
  startSlotMigration(keys: string[]): { finish(): void } {
    const { primary: from } = this.ownerOf(keys[0]!);
    const primaries = this.topology().filter((n) => n.role === 'primary');
    const to = primaries.find((n) => n.id !== from.id)!;
    const slot = redisCli(from.redis.port, 'cluster', 'keyslot', keys[0]!).trim();
    const move = (names: string[]) => {
      if (names.length === 0) return;
      const moved = redisCli(from.redis.port, 'migrate', '127.0.0.1', String(to.redis.port), '', '0', '5000', 'keys', ...names);
      if (moved.trim() !== 'OK') throw new Error(`MIGRATE answered ${moved}`);
    };
    const setSlot = (node: ClusterNodeView, ...state: string[]) => {
      const answer = redisCli(node.redis.port, 'cluster', 'setslot', slot, ...state).trim();
      if (answer !== 'OK') throw new Error(`CLUSTER SETSLOT ${slot} ${state.join(' ')} on ${node.redis.port} answered ${answer}`);
    };
    try {
      setSlot(to, 'importing', from.id);
      setSlot(from, 'migrating', to.id);
      move(keys);
    } catch (error) {
      // Keys moved already would be lost to the slot's owner: only a start that moved none is undone.
      for (const node of [from, to]) redisCli(node.redis.port, 'cluster', 'setslot', slot, 'stable');
      throw error;
    }
    let finished = false;
    return {
      finish: () => {
        if (finished) return;
        finished = true;
        move(
          redisCli(from.redis.port, 'cluster', 'getkeysinslot', slot, '100000')
            .split('\n')
            .filter((k) => k !== ''),
        );
        for (const node of [to, from, ...primaries.filter((n) => n.id !== to.id && n.id !== from.id)]) setSlot(node, 'node', to.id);
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}

function redisCli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout ?? '';
}

/** CLUSTER NODES: `<id> <ip:port@bus> <flags> <primary id or -> <ping> <pong> <epoch> <link> <slot ranges…>`, one node a line. */
function parseClusterNodes(
  text: string,
): { id: string; port: number; role: 'primary' | 'replica'; primaryId?: string; slots: [number, number][] }[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length > 3 && !fields[2]!.includes('fail') && !fields[2]!.includes('handshake'))
    .map(([id, address, flags, primaryId, , , , , ...ranges]) => ({
      id: id!,
      port: Number(/:(\d+)@/.exec(address!)![1]),
      role: flags!.includes('master') ? ('primary' as const) : ('replica' as const),
      primaryId: primaryId === '-' ? undefined : primaryId,
      slots: ranges
        .filter((range) => /^\d/.test(range))
        .map((range) => range.split('-').map(Number))
        .map(([from, to]) => [from!, to ?? from!] as [number, number]),
    }));
}
