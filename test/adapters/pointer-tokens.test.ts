import assert from 'node:assert/strict';
import { cachedPointerCount, holdsPointer, POINTER_CACHE_LIMIT, pointerTokens } from '../../adapters/common/pointer-tokens';
import { createAdapterRegistry } from '../../adapters';

describe('JSON pointers parsed once for every record that reads them', () => {
  it('reads the tokens of a pointer, unescaping ~1 as / and ~0 as ~ (RFC 6901), and "" as the whole record', () => {
    assert.deepEqual(pointerTokens('/dia_chi/tinh'), ['dia_chi', 'tinh']);
    assert.deepEqual(pointerTokens('/a~1b/m~0n/~01'), ['a/b', 'm~n', '~1']);
    assert.deepEqual(pointerTokens('/answers/-'), ['answers', '-']);
    assert.deepEqual(pointerTokens(''), []);
    assert.deepEqual(pointerTokens('/'), ['']);
  });

  it('hands out tokens no caller can change for the next record', () => {
    assert.throws(() => (pointerTokens('/profile/fullName') as string[]).push('x'), TypeError);
    assert.deepEqual(pointerTokens('/profile/fullName'), ['profile', 'fullName']);
  });

  it('stays bounded when a partner sends an answer list far longer than the cache', () => {
    const answers = Array.from({ length: POINTER_CACHE_LIMIT * 3 }, (_, i) => ({ label: `Câu hỏi ${i}`, value: 'Không' }));
    const result = createAdapterRegistry()
      .get('zalo')
      ?.toCanonical(
        { submission_id: 'zl-sub-9001', oa_id: 'congan.quangnam', zalo_user_id: '7312895561234567', submitted_at: 1629000000, answers },
        '2021-08-20T08:00:00+07:00',
      );
    assert.ok(result, 'the zalo instance exists');
    assert.ok(cachedPointerCount() <= POINTER_CACHE_LIMIT, `${cachedPointerCount()} pointers held`);
    assert.deepEqual(pointerTokens(`/answers/${POINTER_CACHE_LIMIT * 3 - 1}/value`), [
      'answers',
      String(POINTER_CACHE_LIMIT * 3 - 1),
      'value',
    ]);
  });

  it('keeps a pointer read every few hundred reads while pointers from a partner stream past, four times the bound', () => {
    const constant = '/thoi_gian_khai_bao';
    pointerTokens(constant);
    for (let i = 1; i <= POINTER_CACHE_LIMIT * 4; i += 1) {
      pointerTokens(`/streamed/${i}/value`);
      if (i % (POINTER_CACHE_LIMIT / 4) === 0) {
        assert.ok(holdsPointer(constant), `${constant} dropped after ${i} other pointers`);
        pointerTokens(constant);
      }
    }
    assert.ok(cachedPointerCount() <= POINTER_CACHE_LIMIT, `${cachedPointerCount()} pointers held`);
  });
});
