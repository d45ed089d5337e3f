import { createClient, createCluster, ErrorReply } from 'redis';
import { DEFAULT_REDIS_START_WAIT_MS, type RedisConfig } from '../config';
import { ConfigError } from '../errors/config-error';
import { timedCommands } from './command-deadlines';
import { SCRIPTS } from './redis-scripts';
import { waitForReplicas, type ClusterRedis, type SingleRedis } from './replica-acknowledgement';
import { isRedisFailure } from './redis-failures';
import { probeCluster, probeNode, type ProbedCluster } from './write-probe';

/**
 * The commands the Redis store uses, the same on a single node and on a cluster (node-redis gives
 * both the same command methods; the cluster routes each by its first key).
 */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options?: { NX?: true; EX?: number; expiration?: { type: 'PX' | 'PXAT'; value: number } },
  ): Promise<string | null>;
  mGet(keys: string[]): Promise<(string | null)[]>;
  del(key: string): Promise<number>;
  exists(key: string): Promise<number>;
  /** The key's end (Unix ms), -1 with none, -2 when there is no key. */
  pExpireTime(key: string): Promise<number>;
  sAdd(key: string, members: string | string[]): Promise<number>;
  sRem(key: string, members: string | string[]): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  hGetAll(key: string): Promise<Record<string, string>>;
  hmGet(key: string, fields: string[]): Promise<(string | null)[]>;
  zRange(key: string, start: number, stop: number, options?: { REV: true }): Promise<string[]>;
  zAdd(key: string, members: { score: number; value: string }): Promise<number>;
  zRangeByScore(key: string, min: number | string, max: number | string): Promise<string[]>;
  zRemRangeByScore(key: string, min: number | string, max: number | string): Promise<number>;
  lPush(key: string, value: string): Promise<number>;
  lTrim(key: string, start: number, stop: number): Promise<string>;
  lRange(key: string, start: number, stop: number): Promise<string[]>;
  writeDeclaration(keys: string[], args: (string | Buffer)[]): Promise<unknown>;
  ensureQr(keys: string[], args: string[]): Promise<unknown>;
  replaceQr(keys: string[], args: string[]): Promise<unknown>;
  latestDeclarations(keys: string[], args: string[]): Promise<unknown>;
  citizenForScan(keys: string[], args: string[]): Promise<unknown>;
  addVersion(keys: string[], args: string[]): Promise<unknown>;
  releaseIfHeld(keys: string[], args: string[]): Promise<unknown>;
  renewIfHeld(keys: string[], args: string[]): Promise<unknown>;
  completeIfHeld(keys: string[], args: string[]): Promise<unknown>;
  /** Single node only (no-cluster scripts: gateway/store/redis-scripts.ts). */
  writeIndexedMany(keys: string[], args: (string | Buffer)[]): Promise<unknown>;
  readMany(keys: string[], args: string[]): Promise<unknown>;
}

export interface RedisConnection {
  commands: RedisCommands;
  /** Every key name matching a pattern, on every primary of a cluster (maintenance commands only: a SCAN, never on a request's path). */
  scan(match: string): AsyncIterable<string>;
  /** A tiny write (an expiring key holding nothing personal) on every primary: what /readyz asks (gateway/store/write-probe.ts). */
  probeWrites(): Promise<void>;
  /** One Redis node (REDIS_URL), not a cluster: every key on one node, so a script may span slots. */
  readonly singleNode: boolean;
  /** REDIS_WAIT_REPLICAS: replicas that must hold a write before it is acknowledged (0: replication is not waited for). */
  readonly replicasRequired: number;
  /**
   * WAIT on the primary owning `routingKey`, over the connection the write used, for
   * `replicasRequired` replicas within REDIS_WAIT_TIMEOUT_MS: how many acknowledged. Resolves to 0
   * at once, sending nothing, when `replicasRequired` is 0 (gateway/store/replica-acknowledgement.ts).
   */
  waitForReplicas(routingKey: string): Promise<number>;
  close(): Promise<void>;
  /**
   * Settles once Redis is first reached and checked. A Redis not there at start does not keep the
   * gateway from listening (connectRedis waits for it only briefly): this rejects later, with a
   * ConfigError, if the Redis finally reached turns out to be one the configuration cannot use.
   */
  readonly connected: Promise<void>;
}

/** How soon a cluster none of whose nodes answered at start is tried again. */
const CLUSTER_RETRY_MS = 1000;

/**
 * Connects a cluster: once now, and, when no node answers (a Redis failure) or the slot map read
 * leaves a slot without a primary (nodes up, the cluster not created yet: every command was a 500,
 * for good), again every CLUSTER_RETRY_MS until a whole map is read (node-redis lets a cluster
 * whose connect failed, or that was destroyed, connect again). `connected` settles then, or
 * rejects once `stop` ends the trying, or with a ConfigError for a node not in cluster mode (a
 * single Redis named in REDIS_CLUSTER_NODES: exit 78, as a cluster node named in REDIS_URL is).
 * At start, anything else but Redis failing (a defect, a bad option) fails the start; later, every
 * failure is told to `onError` and tried again. The retry's timer holds the process, so a CLI
 * (`npm run reindex`) waits for the cluster rather than ending with nothing done.
 */
async function reachCluster(
  cluster: {
    connect(): Promise<unknown>;
    destroy(): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    slots: readonly ({ master?: unknown } | undefined)[];
  },
  onError: (error: Error) => void,
): Promise<{ connected: Promise<void>; isConnected(): boolean; stop(): void }> {
  // A root node's own answer comes as an 'error' event; the connect then fails as "no root node available".
  let notInClusterMode = false;
  cluster.on('error', (error) => {
    if (error instanceof ErrorReply && CLUSTER_DISABLED.test(error.message)) notInClusterMode = true;
  });
  let isConnected = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let give!: { resolve: () => void; reject: (error: Error) => void };
  const connected = new Promise<void>((resolve, reject) => (give = { resolve, reject }));
  // Handled by whoever waits for it (bootstrap, reindex); a stop before the cluster came, with nobody
  // waiting, is no unhandled rejection.
  connected.catch(() => {});
  const again = (error: Error): void => {
    onError(error);
    retry = setTimeout(() => void attempt(false), CLUSTER_RETRY_MS);
  };
  const attempt = (first: boolean): Promise<void> => {
    notInClusterMode = false;
    return cluster.connect().then(
      () => {
        // Reached while the gateway was stopping: let go at once (its close() found nothing to close).
        if (stopped) return void cluster.destroy();
        if (!wholeSlotMap(cluster.slots)) {
          cluster.destroy();
          return again(new Error('the Redis Cluster has slots without a primary (not created yet?): read again in a moment'));
        }
        isConnected = true;
        give.resolve();
      },
      (error: unknown) => {
        // Stopped meanwhile: `connected` has said so.
        if (stopped) return;
        if (notInClusterMode) {
          const refused = new ConfigError('REDIS_CLUSTER_NODES names a Redis not in cluster mode: give it as REDIS_URL');
          if (first) throw refused;
          return give.reject(refused);
        }
        // At start, anything but Redis failing fails the start; later it is told (never dropped) and tried again.
        if (first && !isRedisFailure(error)) throw error;
        again(error as Error);
      },
    );
  };
  await attempt(true);
  return {
    connected,
    isConnected: () => isConnected,
    stop: () => {
      stopped = true;
      clearTimeout(retry);
      if (!isConnected) give.reject(new Error('the gateway stopped before its Redis Cluster was reached'));
    },
  };
}

/** How a node not in cluster mode answers CLUSTER SLOTS. */
const CLUSTER_DISABLED = /cluster support disabled/i;

/** Every one of the 16,384 slots has a primary in the map read. */
function wholeSlotMap(slots: readonly ({ master?: unknown } | undefined)[]): boolean {
  for (let slot = 0; slot < 16_384; slot += 1) if (slots[slot]?.master === undefined) return false;
  return true;
}

/** Redis's refusals of a command for good: no permission, or no such command (renamed away). Others (BUSY, LOADING) pass. */
const INFO_REFUSED = /^(?:NOPERM|ERR unknown command)/;
/** How soon INFO is asked again after a refusal that passes. */
const INFO_RETRY_MS = 500;

type Scanner = { scanIterator(options: { MATCH: string; COUNT: number }): AsyncIterable<string[]> };

async function* scanAll(clients: () => Promise<Scanner[]>, match: string): AsyncIterable<string> {
  for (const client of await clients()) {
    for await (const keys of client.scanIterator({ MATCH: match, COUNT: 500 })) yield* keys;
  }
}

/**
 * Connects to Redis or a Redis Cluster. Commands never wait for a connection that is down: with the
 * offline queue disabled they fail at once, and every command has a timeout (REDIS_COMMAND_TIMEOUT_MS,
 * on one timer per connection: command-deadlines.ts), so a request facing a dead Redis answers 503
 * within its budget. The client reconnects by itself, with capped backoff.
 */
export async function connectRedis(
  config: Pick<RedisConfig, 'url' | 'clusterNodes' | 'commandTimeoutMs'> &
    Partial<Pick<RedisConfig, 'keyPrefix' | 'waitReplicas' | 'waitTimeoutMs' | 'startWaitMs'>>,
  onError: (error: Error) => void,
): Promise<RedisConnection> {
  const keyPrefix = config.keyPrefix ?? 'vnhc:';
  const replicasRequired = config.waitReplicas ?? 0;
  const waitTimeoutMs = config.waitTimeoutMs ?? 100;
  const clientOptions = {
    disableOfflineQueue: true,
    // node-redis's own timeout, per command, is left to the maintenance paths (the probe, WAIT,
    // SCAN); the commands of requests are timed by one timer per connection (timedCommands).
    commandOptions: { timeout: config.commandTimeoutMs },
    socket: {
      connectTimeout: Math.max(config.commandTimeoutMs, 500),
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2000),
    },
  };
  if (config.clusterNodes) {
    const cluster = createCluster({
      rootNodes: config.clusterNodes.map((url) => ({ url })),
      defaults: {
        ...clientOptions,
        // A node that went away is retried every 200 ms at most (not 2 s): the client re-reads the
        // cluster's slot map only on one of these attempts (below), so their pace bounds how soon
        // it sees a promoted replica. A refused connection costs nothing; an unreachable host is
        // paced by connectTimeout anyway.
        socket: { ...clientOptions.socket, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 2), 200) },
      },
      // While a node is reconnecting, re-read the slot map (CLUSTER SLOTS from a live node) every
      // 200 ms rather than after node-redis's 5 s: a killed primary's slots fail until the client
      // learns of the replica promoted in its place, and the client learns nothing by itself (no
      // MOVED comes from a dead node). 5 s left writes failing about 3 s past the promotion; see
      // README, "Redis Cluster failover".
      topologyRefreshOnReconnectionAttemptStrategy: 200,
      // Connect to every primary at start, so that no declaration pays for a connection, and a
      // primary unreachable at start is known at start.
      minimizeConnections: false,
      // Reads go to primaries only: a read right after a write (a citizen's QR after its
      // declaration) must see it, and replicas lag.
      useReplicas: false,
      // A slot migrating during a failover takes an ASK, a MOVED and perhaps one stale view: five
      // redirections are plenty, and a confused slot map fails a command quickly rather than
      // re-reading the map sixteen times (the default) within one request's budget.
      maxCommandRedirections: 5,
      scripts: SCRIPTS,
    });
    cluster.on('error', onError);
    // Its slot map comes from a node reached: tried once before the start goes on, and, when no node
    // answers, again every CLUSTER_RETRY_MS while the gateway listens, not ready (its commands fail at
    // once: ClientClosedError, a 503). Before, a cluster unreachable at start kept the gateway from
    // listening, and its liveness probe restarted it again and again.
    const reached = await reachCluster(cluster, onError);
    const primaries = () => Promise.all(cluster.masters.map((node) => cluster.nodeClient(node) as Promise<unknown> as Promise<Scanner>));
    return {
      connected: reached.connected,
      commands: timedCommands(cluster, config.commandTimeoutMs) as unknown as RedisCommands,
      scan: (match) => scanAll(primaries, match),
      // Not reached yet, it has no slot map: the probe fails (not ready), as it does for a slot without a primary.
      probeWrites: () => probeCluster(cluster as unknown as ProbedCluster, keyPrefix),
      singleNode: false,
      replicasRequired,
      waitForReplicas: async (routingKey) =>
        replicasRequired === 0 ? 0 : waitForReplicas(cluster as unknown as ClusterRedis, routingKey, replicasRequired, waitTimeoutMs),
      close: async () => {
        reached.stop();
        if (!reached.isConnected()) return;
        await closeGracefully(
          () => cluster.close(),
          () => cluster.destroy(),
        );
      },
    };
  }
  const client = createClient({ url: config.url, ...clientOptions, scripts: SCRIPTS });
  client.on('error', onError);
  // node-redis keeps trying by reconnectStrategy until it connects. Until then every command fails
  // at once (disableOfflineQueue): requests are 503, readiness says store-unavailable.
  // A one-shard cluster (or a managed cluster's endpoint) given as REDIS_URL answers like one node,
  // but refuses the single-node scripts (`no-cluster`) and every command across slots: every new
  // person would be a 503. Asked once connected, and again each time the connection is ready until
  // it is answered (a Redis lost again before it answers is judged on its return); such a Redis is
  // reached as a cluster.
  const connected = new Promise<void>((resolve, reject) => {
    const refuse = (reason: string): void => {
      client.off('ready', judge);
      client.destroy();
      reject(new ConfigError(reason));
    };
    const judge = (): void => {
      client.info('cluster').then(
        (info) => {
          if (clusterEnabled(info)) return refuse('REDIS_URL names a Redis in cluster mode: give its nodes as REDIS_CLUSTER_NODES');
          client.off('ready', judge);
          resolve();
        },
        (error: unknown) => {
          // Refused for good (an ACL without INFO, INFO renamed away): the question cannot be asked.
          if (error instanceof ErrorReply && INFO_REFUSED.test(error.message))
            return refuse(`REDIS_URL: Redis refused INFO (${error.message}), which tells whether it is a cluster`);
          // Redis busy for now (a long script, loading its data): asked again in a moment. The
          // connection lost before the answer: asked again when it is next ready.
          if (error instanceof ErrorReply) setTimeout(judge, INFO_RETRY_MS).unref();
        },
      );
    };
    client.on('ready', judge);
    client.connect().catch(reject);
  });
  // A Redis that is there is connected and checked before anything listens (a refusal exits 78).
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([
    connected,
    new Promise<void>((resolve) => (waited = setTimeout(resolve, config.startWaitMs ?? DEFAULT_REDIS_START_WAIT_MS))),
  ]).finally(() => clearTimeout(waited));
  return {
    connected,
    commands: timedCommands(client, config.commandTimeoutMs) as unknown as RedisCommands,
    scan: (match) => scanAll(async () => [client as unknown as Scanner], match),
    probeWrites: () => probeNode(client, keyPrefix),
    singleNode: true,
    replicasRequired,
    waitForReplicas: async (routingKey) =>
      replicasRequired === 0 ? 0 : waitForReplicas(client as unknown as SingleRedis, routingKey, replicasRequired, waitTimeoutMs),
    close: () =>
      closeGracefully(
        () => client.close(),
        () => client.destroy(),
      ),
  };
}

/** Whether a node's `INFO cluster` says it runs in cluster mode (`cluster_enabled:1`). */
export function clusterEnabled(info: string): boolean {
  return /^cluster_enabled:1\s*$/m.test(info);
}

/**
 * Closes after the commands in flight have answered; with Redis gone that would wait for ever
 * (the client keeps reconnecting), so after a second the connection is dropped instead.
 */
async function closeGracefully(close: () => Promise<void>, destroy: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 1000);
  });
  const outcome = await Promise.race([
    close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    gaveUp,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed') destroy();
}
