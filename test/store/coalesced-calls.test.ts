import assert from 'node:assert/strict';
import { CoalescedCalls } from '../../gateway/store/coalesced-calls';

describe('calls made in one turn, sent together (CoalescedCalls)', () => {
  it('sends the calls of one turn in groups of at most the bound, each caller answered its own', async () => {
    const groups: number[][] = [];
    const calls = new CoalescedCalls<number, string>(async (items) => {
      groups.push(items);
      return items.map((n) => `answer ${n}`);
    }, 4);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => calls.call(n)));
    assert.deepEqual(
      answers,
      Array.from({ length: 10 }, (_, n) => `answer ${n}`),
    );
    assert.deepEqual(groups, [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('sends calls of a later turn in a call of their own', async () => {
    const groups: number[][] = [];
    const calls = new CoalescedCalls<number, number>(async (items) => (groups.push(items), items), 32);
    await calls.call(1);
    await Promise.all([calls.call(2), calls.call(3)]);
    assert.deepEqual(groups, [[1], [2, 3]]);
  });

  it('fails only the caller whose own answer is an Error, and every caller of a group whose send failed', async () => {
    let sends = 0;
    const calls = new CoalescedCalls<number, number>(async (items) => {
      sends += 1;
      if (items.includes(13)) throw new Error('the group failed');
      return items.map((n) => (n === 2 ? new Error('item 2 refused') : n));
    }, 3);
    const settled = await Promise.allSettled([1, 2, 3, 12, 13].map((n) => calls.call(n)));
    assert.equal(sends, 2);
    assert.deepEqual(
      settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
      [1, 'item 2 refused', 3, 'the group failed', 'the group failed'],
    );
  });
});
