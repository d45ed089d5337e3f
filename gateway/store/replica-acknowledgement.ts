/**
 * Redis replicates asynchronously: a primary acknowledges a write before any replica has it, and a
 * failover promotes a replica that may lack the last writes. `WAIT numreplicas timeout` blocks the
 * connection that wrote until that many replicas have every write sent on it so far, or until the
 * timeout, and answers how many did. It narrows the window (a write acknowledged by a replica
 * survives its primary's death); it does not make Redis strongly consistent (the replica's own
 * `appendfsync` still decides what survives it).
 */

interface WaitingNode {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A single Redis: WAIT goes on its one connection. */
export interface SingleRedis {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A cluster: WAIT goes to the primary owning the routing key, on the connection its writes use. */
export interface ClusterRedis {
  getNodeClientForKey(key: string): Promise<WaitingNode>;
}

/**
 * Waits until `replicas` replicas of the node owning `routingKey` hold what this process wrote to
 * it, or `timeoutMs` passes; gives how many did. Send it right after the write to be made durable,
 * with one of that write's keys (a script's keys share one slot).
 *
 * On a cluster it goes to the key's primary through that node's own client, never through
 * `cluster.sendCommand(key, …)`: node-redis's command table routes WAIT to every primary and gives
 * the smallest answer (request policy `all_shards`, reply `agg_min`), so one lagging shard would
 * fail every write, and every WAIT would block every primary's connection.
 */
export async function waitForReplicas(
  redis: SingleRedis | ClusterRedis,
  routingKey: string,
  replicas: number,
  timeoutMs: number,
): Promise<number> {
  const node = 'getNodeClientForKey' in redis ? await redis.getNodeClientForKey(routingKey) : redis;
  return Number(await node.sendCommand(['WAIT', String(replicas), String(timeoutMs)]));
}
