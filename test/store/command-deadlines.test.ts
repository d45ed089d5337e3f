import assert from 'node:assert/strict';
import { TimeoutError } from 'redis';
import { CommandDeadlines } from '../../gateway/store/command-deadlines';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

/** Timers this process holds. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** A command's promise, answered when the test says. */
function pending<T>(): { promise: Promise<T>; answer(value: T): void } {
  let answer!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (answer = resolve));
  return { promise, answer };
}

/**
 * Redis commands time out on one timer per connection (issue 12): node-redis's AbortSignal.timeout
 * per command fired after every answer. The timeout must still fail a command Redis leaves
 * waiting, and no timer may stay once every command has answered.
 */
describe('Redis commands under one timer', function () {
  this.timeout(30000);

  it('fail a command that is not answered in time with TimeoutError, and give the others their answers', async () => {
    const deadlines = new CommandDeadlines(50);
    const answered = pending<string>();
    const hung = pending<string>();
    const first = deadlines.within(answered.promise);
    const late = deadlines.within(hung.promise);
    answered.answer('CCCD 079203001234');
    assert.equal(await first, 'CCCD 079203001234');
    await assert.rejects(late, TimeoutError);
    hung.answer('too late: dropped');
  });

  it('leave no timer once every command waiting has answered', async () => {
    // Counted once mocha has set its own timer for this test (when the test's function returns its promise).
    await Promise.resolve();
    const before = timers();
    const deadlines = new CommandDeadlines(60_000);
    const commands = Array.from({ length: 20 }, () => pending<number>());
    const outcomes = commands.map((c) => deadlines.within(c.promise));
    assert.equal(timers(), before + 1, 'one timer for twenty commands');
    commands.forEach((c, i) => c.answer(i));
    assert.deepEqual(await Promise.all(outcomes), [...Array(20).keys()]);
    // A minute's timeout: a timer left behind would still be there when the poll gives up.
    await waitFor(() => timers() === before, 5000, `the timers to return to ${before} (now ${timers()})`);
  });

  it('answer a write 503 when Redis hangs past REDIS_COMMAND_TIMEOUT_MS, well inside the request budget', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start(['--enable-debug-command', 'yes']);
    const gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200', REQUEST_TIMEOUT_MS: '10000' });
    try {
      // Redis stops answering for 3 s; the request could wait 10 s: only the command's timeout can answer 503.
      await redis.sleep(3);
      const hung = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: goldenNative('tokhaiyte', '04'),
        route: '/v1/sources/{instance}/declarations',
      });
      assert.equal(hung.status, 503, hung.text);
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });
});
