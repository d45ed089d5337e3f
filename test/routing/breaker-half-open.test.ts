import assert from 'node:assert/strict';
import { once } from 'node:events';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import { deadline, FakePlatform, SETTINGS } from './fake-platform';

describe('breaker: half-open', () => {
  it('lets one probe through after the reset timeout, and closes when the platform is back', async () => {
    const platform = new FakePlatform('fail');
    const guard = new GuardedLookup('c06', SETTINGS);
    while (!guard.breaker.opened) await guard.call(platform.run, deadline());
    platform.behaviour = 'ok';
    await once(guard.breaker as unknown as NodeJS.EventEmitter, 'halfOpen');
    const closed = once(guard.breaker as unknown as NodeJS.EventEmitter, 'close');
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'answered');
    await closed;
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('opens again when the probe fails', async () => {
    const platform = new FakePlatform('fail');
    const guard = new GuardedLookup('c06', SETTINGS);
    while (!guard.breaker.opened) await guard.call(platform.run, deadline());
    await once(guard.breaker as unknown as NodeJS.EventEmitter, 'halfOpen');
    await guard.call(platform.run, deadline());
    assert.equal(guard.breaker.opened, true);
    guard.shutdown();
  });
});
