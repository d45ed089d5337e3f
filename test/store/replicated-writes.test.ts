import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { KeyNames } from '../../gateway/store/key-names';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';

/**
 * REDIS_WAIT_REPLICAS=1: a write is acknowledged only once a replica holds it. Without a replica
 * the write is a 503 (it stands on the primary, so the retry is a replay); with one, it is taken,
 * and the replica has it, QR included, before the answer.
 */
describe('writes acknowledged only once a replica holds them (REDIS_WAIT_REPLICAS)', function () {
  this.timeout(20000);
  let primary: OwnRedis;
  let replica: OwnRedis | undefined;
  let connection: RedisConnection;

  before(async function () {
    redisServerInstalled(this);
    primary = await OwnRedis.start();
    // Two seconds for a replica to acknowledge: on a loaded machine 100 ms is not always enough, and the test is about the rule, not the speed.
    connection = await connectRedis({ url: primary.url, commandTimeoutMs: 5000, waitReplicas: 1, waitTimeoutMs: 2000 }, () => {});
  });
  after(async () => {
    await connection?.close();
    await replica?.stop();
    await primary?.stop();
  });

  it('is a 503 while no replica holds the write, and taken once one does, the retry completing what the primary kept', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const store = new RedisStore(connection.commands, new KeyNames(createSecretKey(randomBytes(32))), prefix, connection);
    const { ingest } = ingestFixture(store);
    const record = goldenNative('ncovi', '01');

    await assert.rejects(ingest.ingestNative('ncovi', record), StoreUnavailable);

    replica = await OwnRedis.start(['--replicaof', '127.0.0.1', String(primary.port)]);
    await waitFor(
      () => /master_link_status:up/.test(spawnSync('redis-cli', ['-p', String(replica!.port), 'INFO', 'replication']).stdout.toString()),
      10000,
      'the replica to follow the primary',
    );
    const taken = await ingest.ingestNative('ncovi', record);
    assert.ok(taken.ok && taken.citizen, JSON.stringify(taken));
    // The replica had it before the answer: read from the replica itself, no waiting.
    const onReplica = spawnSync('redis-cli', ['-p', String(replica.port), 'HGET', `${prefix}cit:{${taken.citizen.citizenId}}`, 'qr']);
    assert.equal(JSON.parse(onReplica.stdout.toString()).text, taken.citizen.qr);
  });
});
