import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { KeyNames } from '../../gateway/store/key-names';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { goldenNative, mapAccepted } from '../support/mapping';
import { OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { KEEP_28_DAYS } from '../support/stores';

/**
 * A scan reads a citizen's newest declarations by ids it finds in the timeline, keys the read
 * cannot name beforehand. While an operator reshards the cluster, some keys of the citizen's slot
 * are already on the slot's next owner and some are not: the read must then answer every
 * declaration or fail as an outage (the checkpoint is told the store could not answer), never come
 * back without some, a green for someone whose newest declaration was a fever.
 */
describe("a scan's read while its citizen's slot moves between cluster nodes", function () {
  this.timeout(30000);
  const prefix = 'vnhc:';
  const citizenId = 'cit_7Hq2LmVx9TcRbW4sNpYk3d';
  let cluster: OwnRedisCluster;
  let connection: RedisConnection;
  let store: RedisStore;
  const written: CanonicalDeclaration[] = [];

  before(async function () {
    redisServerInstalled(this);
    cluster = await OwnRedisCluster.start();
    connection = await connectRedis({ clusterNodes: cluster.urls, commandTimeoutMs: 2000 }, () => {});
    store = new RedisStore(connection.commands, new KeyNames(createSecretKey(randomBytes(32))), prefix);
    for (const day of ['10', '11', '12']) {
      const mapped = mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: `TK0000000000${day}21` });
      const declaration = { ...mapped, declaredAt: `2021-08-${day}T07:00:00+07:00`, subject: { ...mapped.subject, citizenId } };
      written.push(declaration);
      await store.writeDeclaration({
        keepForMs: KEEP_28_DAYS,
        declaration,
        // Every set of the citizen exists: the read's named keys are all on the slot's first owner.
        citizen: {
          citizenId,
          identifiers: [{ system: 'vn-cccd', value: '079085001234' }],
          nameKey: 'nguyen thi thu ha',
          birthDate: '1985-03-02',
          instance: 'tokhaiyte',
          createdAt: '2021-08-10T07:00:05+07:00',
        },
      });
    }
  });
  after(async () => {
    await connection?.close();
    await cluster?.stop();
  });

  const newestIds = async () => ((await store.citizenForScan(citizenId, 3)).latest ?? []).map((d) => d.declarationId);
  const allIds = () => [...written].reverse().map((d) => d.declarationId);

  /** What the scan's read answers while these keys of the citizen's slot are on the next owner and the rest are not: its ids, or 'unavailable'. */
  async function readWhileMoved(keys: string[]): Promise<string[] | 'unavailable'> {
    const migration = cluster.startSlotMigration(keys);
    try {
      return await newestIds().catch((error: unknown) => {
        if (error instanceof StoreUnavailable) return 'unavailable' as const;
        throw error;
      });
    } finally {
      migration.finish();
    }
  }

  // Each read below answers one way, always, for the keys moved: what Redis does (ASK, TRYAGAIN)
  // decides it, and the test names it, so that a store failing every read during a move fails too.
  it('refuses the read while the newest declaration alone is on the next owner, never answers without it', async () => {
    assert.deepEqual(await newestIds(), allIds());
    assert.equal(await readWhileMoved([`${prefix}cit:{${citizenId}}:d:${written[2]!.declarationId}`]), 'unavailable');
  });

  it('reads every declaration while the citizen and its timeline are on the next owner and the declarations are not', async () => {
    const named = ['', ':ids', ':names', ':births', ':instances', ':timeline'].map((key) => `${prefix}cit:{${citizenId}}${key}`);
    assert.deepEqual(await readWhileMoved(named), allIds());
  });

  it('reads every declaration from the next owner once the slot has moved', async () => {
    cluster.startSlotMigration([`${prefix}cit:{${citizenId}}`]).finish();
    assert.deepEqual(await newestIds(), allIds());
  });
});
