import assert from 'node:assert/strict';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { KeyNames } from '../../gateway/store/key-names';
import { RedisStore } from '../../gateway/store/redis-store';
import { sharedRedisConnection, SHARED_REDIS_URL } from '../support/redis';

const CCCD = 'vn-cccd:079185004321';
const PHONE = '+84912003344';

/** A copy of the key names alone (a leaked `KEYS *`, a replica's dump) must reveal no document and no phone. */
describe('Redis key names made from personal data', function () {
  const connection = sharedRedisConnection();

  it('are keyed: neither the number nor its plain SHA-256 appears, and another secret gives other names', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const names = new KeyNames(createSecretKey(randomBytes(32)));
    const store = new RedisStore(connection().commands, names, prefix);
    await store.claim(CCCD, 'cit_AAAAAAAAAAAAAAAAAAAAAA');
    await store.addPhoneHolder(PHONE, 'cit_AAAAAAAAAAAAAAAAAAAAAA');

    const client = createClient({ url: SHARED_REDIS_URL });
    await client.connect();
    const written = await client.keys(`${prefix}*`);
    await client.close();
    const unkeyed = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);
    assert.equal(written.length, 2);
    for (const name of written) {
      for (const secret of ['079185004321', '912003344', unkeyed(CCCD), unkeyed(PHONE)])
        assert.ok(!name.includes(secret), `${name} reveals ${secret}`);
    }
    assert.notEqual(new KeyNames(createSecretKey(randomBytes(32))).of(CCCD), names.of(CCCD));
    assert.equal(await store.ownerOf(CCCD), 'cit_AAAAAAAAAAAAAAAAAAAAAA');
  });
});
