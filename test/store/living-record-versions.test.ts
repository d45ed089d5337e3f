import assert from 'node:assert/strict';
import { ErrorReply } from 'redis';
import { createSecretKey, randomBytes } from 'node:crypto';
import { declarationIdFor } from '../../gateway/domain/declaration-id';
import { KeyNames } from '../../gateway/store/key-names';
import { RedisStore } from '../../gateway/store/redis-store';
import { VERSIONS_KEPT } from '../../gateway/store/redis-scripts';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { goldenNative, mapAccepted } from '../support/mapping';
import { sharedRedisConnection } from '../support/redis';
import { KEEP_28_DAYS } from '../support/stores';

/**
 * A living record's versions (Bluezone's device) are named before each is written, so that a
 * platform code finds the newest when its platform is down: a version whose write then failed must
 * hide nothing stored before it.
 */
describe("a living record's versions in Redis", function () {
  const connection = sharedRedisConnection();
  const device = (riskLevel: string, updatedAt: string) =>
    mapAccepted('bluezone', { ...goldenNative('bluezone', '01'), bluezoneId: 'BZ9T6K4MPE', riskLevel, updatedAt });
  const storeOn = (commands: object, prefix: string) =>
    new RedisStore(commands as never, new KeyNames(createSecretKey(randomBytes(32))), prefix, connection());

  it('passes over a newer version whose write failed, to the newest one stored', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const store = storeOn(connection().commands, prefix);
    const f1 = device('F1', '2021-08-15T01:00:00Z');
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: f1 });
    // The newer level's write fails once its version is named (Redis refusing the SET).
    const failing = Object.create(connection().commands, {
      set: { value: () => Promise.reject(new ErrorReply("READONLY You can't write against a read only replica.")) },
    });
    await assert.rejects(
      storeOn(failing, prefix).writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: device('NONE', '2021-08-16T01:00:00Z') }),
      StoreUnavailable,
    );
    assert.deepEqual(await store.storedRecord('bluezone', 'BZ9T6K4MPE'), f1);
  });

  it(`keeps the newest ${VERSIONS_KEPT} versions, whatever order they came in, and the set as long as the latest-ending of them`, async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const store = storeOn(connection().commands, prefix);
    const levels = Array.from({ length: VERSIONS_KEPT + 2 }, (_, day) =>
      device(day % 2 ? 'F2' : 'NONE', `2021-08-${String(day + 1).padStart(2, '0')}T01:00:00Z`),
    );
    // The newest first, then the older ones.
    const lastWriteFrom = Date.now();
    for (const level of [...levels].reverse()) await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: level });
    const versions = `${prefix}ver:{${declarationIdFor('bluezone', 'BZ9T6K4MPE')}}`;
    assert.deepEqual(
      await connection().commands.zRange(versions, 0, -1, { REV: true }),
      levels
        .slice(2)
        .map((level) => level.declarationId)
        .reverse(),
    );
    assert.ok((await connection().commands.pExpireTime(versions)) >= lastWriteFrom + KEEP_28_DAYS);
    assert.deepEqual(await store.storedRecord('bluezone', 'BZ9T6K4MPE'), levels.at(-1));
  });
});
