import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import type { GatewayStore } from '../../gateway/store/gateway-store';
import { KeyNames } from '../../gateway/store/key-names';
import { MemoryStore } from '../../gateway/store/memory-store';
import { RedisStore } from '../../gateway/store/redis-store';
import { goldenNative, mapAccepted } from '../support/mapping';
import { KEEP_28_DAYS } from '../support/stores';
import { sharedRedisConnection } from '../support/redis';

/** Two different records under one source id, for two citizens (two slots of a cluster), written at once. */
function rivals(): [CanonicalDeclaration, CanonicalDeclaration] {
  const first = mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK21112900004444' });
  const second = mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '03'), ma_to_khai: 'TK21112900004444' });
  return [first, second];
}

function raceOn(makeStore: () => GatewayStore) {
  it('stores exactly one of two different records sent at once under one source id; the other is told what is stored', async () => {
    const store = makeStore();
    const [a, b] = rivals();
    assert.equal(a.declarationId, b.declarationId);
    const write = (d: CanonicalDeclaration, citizenId: string) =>
      store.writeDeclaration({
        keepForMs: KEEP_28_DAYS,
        declaration: { ...d, subject: { ...d.subject, citizenId } },
        citizen: { citizenId, identifiers: [], instance: 'tokhaiyte', createdAt: d.source.receivedAt },
      });
    const results = await Promise.all([write(a, `cit_${'A'.repeat(22)}`), write(b, `cit_${'B'.repeat(22)}`)]);
    assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
    const stored = await store.getDeclaration(a.declarationId);
    const winner = results.find((r) => r.created)?.declaration;
    assert.equal(stored?.subject.citizenId, winner?.subject.citizenId);
    assert.deepEqual(results.find((r) => !r.created)?.declaration, stored);
  });
}

describe('one source id, two records at once', () => {
  describe('in memory', () => raceOn(() => new MemoryStore()));

  describe('on Redis', function () {
    const connection = sharedRedisConnection();
    raceOn(
      () =>
        new RedisStore(connection().commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`),
    );
  });
});
