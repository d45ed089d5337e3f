import assert from 'node:assert/strict';
import { nextEvent } from '../support/wait-for';
import { deadline, FakePlatform, openedGuard } from './fake-platform';

describe('breaker: half-open', () => {
  it('lets one probe through after the reset timeout, and closes when the platform is back', async () => {
    const platform = new FakePlatform('fail');
    const guard = await openedGuard(platform);
    platform.behaviour = 'ok';
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    const closed = nextEvent(guard.breaker, 'close', 1000, 'the breaker to close');
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'answered');
    await closed;
    assert.equal(guard.breaker.closed, true);
    guard.shutdown();
  });

  it('opens again when the probe fails', async () => {
    const platform = new FakePlatform('fail');
    const guard = await openedGuard(platform);
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    const calls = platform.calls;
    await guard.call(platform.run, deadline());
    assert.equal(platform.calls, calls + 1, 'one probe, no retry of it');
    assert.equal(guard.breaker.opened, true);
    guard.shutdown();
  });

  it('sends nothing but its one probe, and says so, so that no call refused unsent takes from the rate budget', async () => {
    const platform = new FakePlatform('fail');
    const guard = await openedGuard(platform);
    assert.equal(guard.sendsNothing, true, 'open');
    await nextEvent(guard.breaker, 'halfOpen', 1000, 'the breaker to turn half-open');
    assert.equal(guard.sendsNothing, false, 'half-open: the probe is sent');
    platform.behaviour = 'slow';
    const probe = guard.call(platform.run, deadline());
    assert.equal(guard.sendsNothing, true, 'the probe in flight: the next call would be refused unsent');
    const calls = platform.calls;
    assert.equal((await guard.call(platform.run, deadline())).outcome, 'breaker-open');
    assert.equal(platform.calls, calls);
    await probe;
    guard.shutdown();
  });
});
