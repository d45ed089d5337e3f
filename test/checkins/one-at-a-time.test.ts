import assert from 'node:assert/strict';
import { OneAtATime } from '../../gateway/checkins/one-at-a-time';

describe('tasks one at a time per key', () => {
  it('runs one key in the order given, each after the last ended (a failed one too), other keys alongside, and forgets a key once done', async () => {
    const serial = new OneAtATime();
    const ran: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        ran.push(`${name} start`);
        await new Promise((resolve) => setImmediate(resolve));
        ran.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const done = Promise.allSettled([
      serial.run('cit_An', step('an-1', true)),
      serial.run('cit_An', step('an-2')),
      serial.run('cit_Binh', step('binh-1')),
    ]);
    assert.equal(serial.size, 2);
    const [first, second, other] = await done;
    assert.deepEqual([first.status, second.status, other.status], ['rejected', 'fulfilled', 'fulfilled']);
    assert.deepEqual(
      ran.filter((line) => line.startsWith('an')),
      ['an-1 start', 'an-1 end', 'an-2 start', 'an-2 end'],
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(serial.size, 0);
  });
});
