import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { KeyNames } from '../../gateway/store/key-names';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { reindexKeyNames } from '../../gateway/store/reindex-key-names';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled } from '../support/redis';

const secret = () => new KeyNames(createSecretKey(randomBytes(32)));

describe('re-indexing Redis key names under a new secret (npm run reindex)', function () {
  this.timeout(20000);
  let redis: OwnRedis;
  let connection: RedisConnection;
  // A Redis of its own: re-indexing scans the whole key space, which the shared one fills with other tests' keys.
  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start();
    connection = await connectRedis({ url: redis.url, commandTimeoutMs: 2000 }, () => {});
  });
  after(async () => {
    await connection?.close();
    await redis?.stop();
  });

  it('moves every identity key and phone to the new names, with the same owners, leaving none under the old ones', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const [oldNames, newNames] = [secret(), secret()];
    const before = ingestFixture(new RedisStore(connection.commands, oldNames, prefix));
    const an = await before.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const binh = await before.accept('zalo', goldenNative('zalo', '01'));
    const oldKeyNames = new Set<string>();
    for await (const name of connection.scan(`${prefix}*`)) if (/:(idx|phone):/.test(name)) oldKeyNames.add(name);

    const report = await reindexKeyNames(connection, prefix, oldNames, newNames);
    assert.equal(report.citizens, 2);

    const after = ingestFixture(new RedisStore(connection.commands, newNames, prefix));
    assert.equal(await after.store.ownerOf('vn-cccd:079085001234'), an.citizenId);
    // The next record of the same person joins the same citizen through the new names.
    const again = await after.accept('c06', goldenNative('c06', '01'));
    assert.equal(again.citizenId, an.citizenId);
    assert.notEqual(binh.citizenId, an.citizenId);
    for await (const name of connection.scan(`${prefix}*`))
      assert.ok(!oldKeyNames.has(name), `${name} is still there under the old secret`);
    assert.equal((await reindexKeyNames(connection, prefix, oldNames, newNames)).identityKeys, 0, 'a second run has nothing left to move');
  });

  it('moves the identity of a citizen whose declarations retention has all taken', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const [oldNames, newNames] = [secret(), secret()];
    const an = await ingestFixture(new RedisStore(connection.commands, oldNames, prefix)).accept(
      'tokhaiyte',
      goldenNative('tokhaiyte', '01'),
    );
    // As retention leaves it: the declarations and their timeline gone, the citizen's hash and identifiers kept.
    for await (const name of connection.scan(`${prefix}cit:{${an.citizenId}}:*`))
      if (/:(d:|timeline|names|births)/.test(name)) await connection.commands.del(name);

    await reindexKeyNames(connection, prefix, oldNames, newNames);
    const after = ingestFixture(new RedisStore(connection.commands, newNames, prefix));
    assert.equal(await after.store.ownerOf('vn-cccd:079085001234'), an.citizenId);
    assert.deepEqual(await after.store.phoneHolders('+84912345678'), [an.citizenId]);
  });

  it('refuses to move names to the secret they already have', async () => {
    const names = secret();
    await assert.rejects(reindexKeyNames(connection, 'test:none:', names, names), /same/);
  });
});
