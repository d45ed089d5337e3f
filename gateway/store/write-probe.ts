/**
 * The write behind readiness: a tiny SET, with a short expiry, of a key that holds nothing personal
 * (its value is "1"), on every primary the gateway writes to. A PING or a read answers on a primary
 * that refuses writes (a replica, `min-replicas-to-write` unmet, a cluster failover before the
 * promotion); only a write says whether the gateway can store a declaration.
 */

/** How long a probe key lives: long enough to be written, short enough that probes leave nothing behind. */
const PROBE_KEY_TTL_MS = 5000;
const SLOTS = 16384;

interface ProbeWriter {
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
}

/** What the probe needs of a node-redis cluster: its slot table, and the cluster's own routing to write. */
export interface ProbedCluster extends ProbeWriter {
  readonly slots: readonly ({ master: unknown } | undefined)[];
}

/** One SET on a single Redis. */
export async function probeNode(client: ProbeWriter, keyPrefix: string): Promise<void> {
  await client.set(`${keyPrefix}ready:probe`, '1', { expiration: { type: 'PX', value: PROBE_KEY_TTL_MS } });
}

/**
 * One SET on every primary of a cluster, sent through the cluster's own routing (the slot table a
 * declaration's write uses), each with a key whose hash tag falls in that primary's slots. A slot
 * without a primary, or a primary that refuses, fails the probe: a new person's keys land on every
 * primary, so one primary down is every new declaration refused.
 */
export async function probeCluster(cluster: ProbedCluster, keyPrefix: string): Promise<void> {
  const keys = new Map<unknown, string | undefined>();
  for (let slot = 0; slot < SLOTS; slot++) {
    const shard = cluster.slots[slot];
    if (!shard) throw new Error(`slot ${slot} has no primary in the client's view of the cluster`);
    keys.set(shard.master, undefined);
  }
  let missing = keys.size;
  // A primary holding a third of the slots takes three tags on average; one holding a single slot, about 16,384.
  for (let i = 0; missing > 0 && i < 64 * SLOTS; i++) {
    const tag = `ready-${i}`;
    const master = cluster.slots[hashSlot(tag)]!.master;
    if (keys.get(master) === undefined) {
      keys.set(master, `${keyPrefix}ready:{${tag}}`);
      missing -= 1;
    }
  }
  if (missing > 0) throw new Error('no probe key found for every primary');
  await Promise.all(
    ([...keys.values()] as string[]).map((key) => cluster.set(key, '1', { expiration: { type: 'PX', value: PROBE_KEY_TTL_MS } })),
  );
}

/**
 * The cluster slot of a hash tag (or of a key without braces): CRC16-XMODEM modulo 16384, as Redis
 * Cluster computes it. Here for the probe's own tags only, which hold no braces.
 */
export function hashSlot(tag: string): number {
  let crc = 0;
  for (const byte of Buffer.from(tag, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % SLOTS;
}
