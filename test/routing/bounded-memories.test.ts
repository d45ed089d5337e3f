import assert from 'node:assert/strict';
import { Retention } from '../../gateway/domain/retention';
import { HeldAnswers } from '../../gateway/routing/held-answers';
import { MemoryLastGoodAnswers } from '../../gateway/store/last-good-answers';
import { MemoryStore } from '../../gateway/store/memory-store';
import { goldenNative, mapAccepted } from '../support/mapping';
import { claimOf } from '../support/stores';

/**
 * The process's bounded memories of answers: at their bound the entry written longest ago goes,
 * whatever was read since, and a key written again counts as new. (They moved from a Map whose
 * first key, found past its deleted slots, made each eviction cost thousands of steps to lru-cache:
 * the order must be the one they had.)
 */
describe("the process's bounded memories keep the newest writes", () => {
  const declaration = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
  const held = (receivedAt: number) => ({ declaration, receivedAt, keptUntil: receivedAt + 600_000 });

  it('held answers: past the bound the answer held longest ago goes, a read does not keep it, a new answer for a key does', () => {
    const answers = new HeldAnswers(3);
    for (const [i, citizen] of ['cit_NguyenVanAn', 'cit_TranThiBinh', 'cit_LeVanCuong'].entries())
      answers.hold(`tokhaiyte\ncitizen:${citizen}`, held(1000 + i), 1000 + i, 60_000);
    assert.ok(answers.get('tokhaiyte\ncitizen:cit_NguyenVanAn', 2000), 'read: not what keeps it');
    answers.hold('tokhaiyte\ncitizen:cit_TranThiBinh', held(2001), 2001, 60_000);
    answers.hold('tokhaiyte\ncitizen:cit_PhamThiDung', held(2002), 2002, 60_000);
    assert.equal(answers.get('tokhaiyte\ncitizen:cit_NguyenVanAn', 2003), undefined, 'the oldest write went, though it was read');
    for (const kept of ['cit_TranThiBinh', 'cit_LeVanCuong', 'cit_PhamThiDung'])
      assert.ok(answers.get(`tokhaiyte\ncitizen:${kept}`, 2003), `${kept} kept`);
    assert.equal(answers.size, 3);
  });

  it('held answers: stay at their bound through a surge of new citizens, the last ones held', () => {
    const answers = new HeldAnswers(500);
    for (let i = 0; i < 5000; i += 1) answers.hold(`ncovi\ncitizen:cit_${String(i).padStart(22, '0')}`, held(i), i, 60_000);
    assert.equal(answers.size, 500);
    assert.ok(answers.get(`ncovi\ncitizen:cit_${String(4999).padStart(22, '0')}`, 5000));
    assert.equal(answers.get(`ncovi\ncitizen:cit_${String(4499).padStart(22, '0')}`, 5000), undefined);
  });

  it('last good answers in memory: past the bound the one written longest ago goes, a read does not keep it', async () => {
    const now = Date.parse('2021-08-15T09:00:00+07:00');
    const lastGood = new MemoryLastGoodAnswers(new Retention(28), 2, () => now);
    await lastGood.put('tokhaiyte', 'citizen:cit_NguyenVanAn', { declaration, receivedAt: now });
    await lastGood.put('tokhaiyte', 'citizen:cit_TranThiBinh', { declaration, receivedAt: now });
    assert.ok(await lastGood.get('tokhaiyte', 'citizen:cit_NguyenVanAn'));
    await lastGood.put('tokhaiyte', 'citizen:cit_LeVanCuong', { declaration, receivedAt: now });
    assert.equal(await lastGood.get('tokhaiyte', 'citizen:cit_NguyenVanAn'), undefined);
    assert.ok(await lastGood.get('tokhaiyte', 'citizen:cit_TranThiBinh'));
    assert.ok(await lastGood.get('tokhaiyte', 'citizen:cit_LeVanCuong'));
  });

  it("the memory store's idempotency keys: past the cap the key claimed longest ago goes, and can be claimed again", async () => {
    const store = new MemoryStore({ maxDeclarations: 10, maxIdempotencyKeys: 2 });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner-a:k1', 'fp1', 'request-1'), 60), { state: 'claimed' });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner-a:k2', 'fp2', 'request-1'), 60), { state: 'claimed' });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner-a:k1', 'fp1', 'request-1'), 60), { state: 'in-flight' });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner-a:k3', 'fp3', 'request-1'), 60), { state: 'claimed' });
    assert.deepEqual(
      await store.claimIdempotencyKey(claimOf('partner-a:k1', 'fp1', 'request-1'), 60),
      { state: 'claimed' },
      'k1 went, though asked again',
    );
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner-a:k3', 'fp3', 'request-1'), 60), { state: 'in-flight' });
  });
});
