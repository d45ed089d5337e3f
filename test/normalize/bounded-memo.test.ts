import assert from 'node:assert/strict';
import { BoundedMemo } from '../../gateway/normalize/bounded-memo';
import { provinceCode } from '../../gateway/normalize/provinces';

describe('answers remembered up to a bound (BoundedMemo)', () => {
  /** Upper-casing, counting its calls. */
  const countedUpper = () => {
    const counted = {
      calls: 0,
      upper: (key: string) => {
        counted.calls += 1;
        return key.toUpperCase();
      },
    };
    return counted;
  };

  it('computes a key once while it is kept, and gives the same answer after', () => {
    const memo = new BoundedMemo<string>(8);
    const counted = countedUpper();
    const { upper } = counted;
    assert.equal(memo.get('hcm', upper), 'HCM');
    assert.equal(memo.get('hcm', upper), 'HCM');
    assert.equal(counted.calls, 1);
  });

  it('never holds more than its bound, and keeps a key asked for often while rare keys stream past', () => {
    const memo = new BoundedMemo<number>(64);
    memo.get('often', (key) => key.length);
    for (let i = 0; i < 1000; i += 1) {
      memo.get(`rare ${i}`, (key) => key.length);
      if (i % 16 === 15) {
        assert.ok(memo.has('often'), `dropped after ${i + 1} rare keys`);
        memo.get('often', (key) => key.length);
      }
      assert.ok(memo.size <= 64, `${memo.size} held`);
    }
  });

  it('forgets a key it was told to, in either generation, and computes it again', () => {
    const memo = new BoundedMemo<string>(4);
    const counted = countedUpper();
    const { upper } = counted;
    memo.get('Hà Nội', upper);
    memo.get('Huế', upper);
    memo.get('Đà Nẵng', upper); // 'Hà Nội' and 'Huế' are now the older generation
    memo.forget('Hà Nội');
    memo.forget('Đà Nẵng');
    assert.equal(memo.has('Hà Nội') || memo.has('Đà Nẵng'), false);
    assert.equal(memo.get('Hà Nội', upper), 'HÀ NỘI');
    assert.equal(memo.get('Huế', upper), 'HUẾ');
    assert.equal(counted.calls, 4, 'the two forgotten computed again, the other kept');
  });

  it('computes a key longer than its limit every time, without keeping it', () => {
    const memo = new BoundedMemo<number>(8, 10);
    let computed = 0;
    for (let i = 0; i < 3; i += 1)
      memo.get('x'.repeat(11), (key) => {
        computed += 1;
        return key.length;
      });
    assert.equal(computed, 3);
    assert.equal(memo.size, 0);
  });

  it('hands out remembered province answers frozen, so no caller changes the next one', () => {
    const first = provinceCode('TP. Hồ Chí Minh');
    assert.deepEqual(first, { ok: true, value: '79' });
    assert.ok(Object.isFrozen(first));
    assert.equal(provinceCode('TP. Hồ Chí Minh'), first);
  });
});
