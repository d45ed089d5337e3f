import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { Retention } from '../../gateway/domain/retention';
import { KeyNames } from '../../gateway/store/key-names';
import { RedisLastGoodAnswers, type LastGoodAnswer } from '../../gateway/store/last-good-answers';
import { goldenNative, mapAccepted } from '../support/mapping';
import { sharedRedisConnection, SHARED_REDIS_URL } from '../support/redis';

const CITIZEN = 'cit_q7Rk2mVx9TcLbW4sNpYh3A';
/** A Zalo user id: the platform's id of a person, which a key name must not carry. */
const ZALO_USER = '8400000000000012345';

/**
 * The breakers' stale fallback, as Redis holds it: a citizen's answers named by the citizen's id
 * (the gateway's own, in key names already), so that a scan's every platform answer costs no keyed
 * hash; a platform's record id still keyed; and the copies kept under keyed names before this
 * release still served, until they end.
 */
describe("the last good answers' names in Redis", function () {
  const connection = sharedRedisConnection();
  const retention = new Retention(28);
  let prefix: string;
  let names: KeyNames;
  let answers: RedisLastGoodAnswers;

  beforeEach(() => {
    prefix = `test:${randomBytes(6).toString('hex')}:`;
    names = new KeyNames(createSecretKey(randomBytes(32)));
    answers = new RedisLastGoodAnswers(connection().commands, names, retention, prefix);
  });

  const answer = (declaredAt = new Date().toISOString()): LastGoodAnswer => {
    const mapped = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
    return { declaration: { ...mapped, declaredAt, subject: { ...mapped.subject, citizenId: CITIZEN } }, receivedAt: Date.now() };
  };
  const keysWritten = async () => {
    const client = createClient({ url: SHARED_REDIS_URL });
    await client.connect();
    try {
      return (await client.keys(`${prefix}*`)).sort();
    } finally {
      await client.close();
    }
  };

  it("names a citizen's answer by the citizen and the instance, and keys a platform record's id", async () => {
    const kept = answer();
    await answers.put('tokhaiyte', `citizen:${CITIZEN}`, kept);
    await answers.put('zalo-hcm', `record::${ZALO_USER}`, kept);
    const written = await keysWritten();
    assert.equal(written.length, 2);
    assert.ok(written.includes(`${prefix}lastgood:{${CITIZEN}}:tokhaiyte`), written.join(', '));
    assert.ok(
      written.every((name) => !name.includes(ZALO_USER)),
      written.join(', '),
    );
    assert.deepEqual(await answers.get('tokhaiyte', `citizen:${CITIZEN}`), kept);
    assert.deepEqual(await answers.get('zalo-hcm', `record::${ZALO_USER}`), kept);
  });

  it("still serves a citizen's answer kept under its keyed name before this release", async () => {
    const before = answer();
    const keyed = `${prefix}lastgood:{${names.of(`tokhaiyte\ncitizen:${CITIZEN}`)}}`;
    await connection().commands.set(keyed, JSON.stringify(before), { expiration: { type: 'PX', value: 60_000 } });
    assert.deepEqual(await answers.get('tokhaiyte', `citizen:${CITIZEN}`), before);
    // A newer answer, under the new name, is the one served.
    const newer = { ...answer(), receivedAt: before.receivedAt + 1000 };
    await answers.put('tokhaiyte', `citizen:${CITIZEN}`, newer);
    assert.deepEqual(await answers.get('tokhaiyte', `citizen:${CITIZEN}`), newer);
  });

  it('lets both names go when an answer past its retention replaces them', async () => {
    await answers.put('tokhaiyte', `citizen:${CITIZEN}`, answer());
    const keyed = `${prefix}lastgood:{${names.of(`tokhaiyte\ncitizen:${CITIZEN}`)}}`;
    await connection().commands.set(keyed, JSON.stringify(answer()), { expiration: { type: 'PX', value: 60_000 } });
    await answers.put('tokhaiyte', `citizen:${CITIZEN}`, answer('2021-08-15T07:45:00+07:00'));
    assert.equal(await answers.get('tokhaiyte', `citizen:${CITIZEN}`), undefined);
    assert.deepEqual(await keysWritten(), []);
  });
});
