import assert from 'node:assert/strict';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('breaker: error filter', () => {
  it('never opens on not-found answers: not found is an answer', async () => {
    const platform = new FakePlatform('not-found');
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    for (let i = 0; i < 20; i += 1) assert.equal((await guard.call(platform.run, deadline())).outcome, 'not-found');
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('does not count a 4xx other than 429 against the platform', async () => {
    const platform = new FakePlatform('bad-request');
    const guard = new GuardedLookup('tokhaiyte', SETTINGS);
    for (let i = 0; i < 20; i += 1) assert.equal((await guard.call(platform.run, deadline())).outcome, 'error');
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });
});
