import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
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

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** A three-primary Redis Cluster on loopback, made with `redis-cli --cluster create`. */
export class OwnRedisCluster {
  private constructor(readonly nodes: OwnRedis[]) {}

  static async start(): Promise<OwnRedisCluster> {
    const nodes = await Promise.all(
      [0, 1, 2].map(() =>
        OwnRedis.start(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000']),
      ),
    );
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await waitFor(
      async () =>
        nodes.every((n) =>
          spawnSync('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok'),
        ),
      10000,
    );
    return new OwnRedisCluster(nodes);
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}
