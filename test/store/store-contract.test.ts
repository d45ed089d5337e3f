import { createSecretKey, randomBytes } from 'node:crypto';
import { MemoryStore } from '../../gateway/store/memory-store';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { KeyNames } from '../../gateway/store/key-names';
import { RedisStore } from '../../gateway/store/redis-store';
import { OwnRedisCluster, redisServerInstalled, requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { storeContract } from './store-contract';
import { MemoryVenueStore, RedisVenueStore } from '../../gateway/store/venue-store';
import { venueStoreContract } from './venue-store-contract';
import { MemoryStayStore } from '../../gateway/store/stay-store';
import { RedisStayStore, type StayCommands } from '../../gateway/store/redis-stay-store';
import { stayStoreContract } from './stay-store-contract';
import { MemoryNoticeStore } from '../../gateway/store/notice-store';
import { RedisNoticeStore, type NoticeCommands } from '../../gateway/store/redis-notice-store';
import { noticeStoreContract } from './notice-store-contract';

const ignore = () => {};

describe('store contract: in memory', () => {
  storeContract(() => new MemoryStore());
  venueStoreContract(() => new MemoryVenueStore());
  stayStoreContract(() => new MemoryStayStore());
  noticeStoreContract(() => new MemoryNoticeStore());
});

describe('store contract: Redis', function () {
  let connection: RedisConnection;
  before(async function () {
    await requireRedis(this);
    connection = await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }, ignore);
  });
  after(() => connection?.close());
  // A fresh key prefix per test: the shared Redis may hold other data, never touched. Told it is one
  // node (as the gateway tells it), the store writes a record in one script; untold, in the steps
  // a cluster takes (which the cluster's contract below runs too).
  storeContract(
    () =>
      new RedisStore(
        connection.commands,
        new KeyNames(createSecretKey(randomBytes(32))),
        `test:${randomBytes(6).toString('hex')}:`,
        connection,
      ),
  );
  describe('in the steps a cluster takes', () => {
    storeContract(
      () => new RedisStore(connection.commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`),
    );
  });
  venueStoreContract(() => new RedisVenueStore(connection.commands, `test:${randomBytes(6).toString('hex')}:`));
  stayStoreContract(
    () => new RedisStayStore(connection.commands as unknown as StayCommands, `test:${randomBytes(6).toString('hex')}:`, true),
  );
  describe('the stays in the steps a cluster takes', () => {
    stayStoreContract(() => new RedisStayStore(connection.commands as unknown as StayCommands, `test:${randomBytes(6).toString('hex')}:`));
  });
  noticeStoreContract(
    () => new RedisNoticeStore(connection.commands as unknown as NoticeCommands, `test:${randomBytes(6).toString('hex')}:`),
  );
});

describe('store contract: Redis Cluster (three primaries on loopback)', function () {
  this.timeout(30000);
  let cluster: OwnRedisCluster;
  let connection: RedisConnection;
  before(async function () {
    redisServerInstalled(this);
    cluster = await OwnRedisCluster.start();
    connection = await connectRedis({ clusterNodes: cluster.urls, commandTimeoutMs: 2000 }, ignore);
  });
  after(async () => {
    await connection?.close();
    await cluster?.stop();
  });
  storeContract(
    () => new RedisStore(connection.commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`),
  );
  venueStoreContract(() => new RedisVenueStore(connection.commands, `test:${randomBytes(6).toString('hex')}:`));
  stayStoreContract(() => new RedisStayStore(connection.commands as unknown as StayCommands, `test:${randomBytes(6).toString('hex')}:`));
  noticeStoreContract(
    () => new RedisNoticeStore(connection.commands as unknown as NoticeCommands, `test:${randomBytes(6).toString('hex')}:`),
  );
});
