import assert from 'node:assert/strict';
import { AdapterInstance, AdapterRegistry, type LookupClient } from '../../adapters';
import { c06 } from '../../adapters/c06/c06-adapter';
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { GatewayMetrics } from '../../gateway/operations/metrics';
import { AdapterRouter } from '../../gateway/routing/adapter-router';
import { GuardedLookup } from '../../gateway/routing/guarded-lookup';
import type { LastGoodAnswers } from '../../gateway/store/last-good-answers';
import { nextEvent } from '../support/wait-for';
import { deadline, FakePlatform, holdEventLoop, SETTINGS } from './fake-platform';

/** No answer kept: what is counted here is the live calls. */
const noLastGood: LastGoodAnswers = { put: async () => {}, get: async () => undefined };

/**
 * A platform answering a second or more after its breaker's timeout, called up to the volume
 * threshold with the loop held `holdMs` meanwhile: every call is its timeout, and the breaker opens.
 * The answer comes long after the timer, so that a loaded machine's scheduling delay (the timer run
 * later still) does not bring it in before the timer's check.
 */
async function slowPlatformOpens({ timeoutMs, holdMs, deadlineMs }: { timeoutMs: number; holdMs: number; deadlineMs: number }) {
  const platform = new FakePlatform('slow');
  platform.slowMs = Math.max(timeoutMs * 3, 1000);
  const guard = new GuardedLookup('c06', { ...SETTINGS, timeoutMs });
  const opened = nextEvent(guard.breaker, 'open', 2000, 'the breaker to open');
  const calls = Array.from({ length: SETTINGS.volumeThreshold }, () => guard.call(platform.run, deadline(deadlineMs)));
  holdEventLoop(holdMs);
  const results = await Promise.all(calls);
  await opened;
  guard.shutdown();
  assert.deepEqual(
    results.map((r) => [r.outcome, r.detail]),
    results.map(() => ['timeout', 'breaker-timeout']),
  );
  return { platform, results };
}

/**
 * The breaker judges the platform, not the gateway: a call whose answer came while the gateway's
 * own event loop was held (CPU starvation, a blocking task) is not the platform's timeout.
 */
describe("breaker: the gateway's own delay", () => {
  it('does not count as timeouts the calls of a fast platform that the gateway was too busy to hear', async () => {
    const platform = new FakePlatform('fast');
    const guard = new GuardedLookup('c06', SETTINGS);
    // Three rounds of a full bulkhead: well past the volume threshold, all timed out by the clock.
    for (let round = 0; round < 3; round += 1) {
      const calls = Array.from({ length: SETTINGS.capacity }, () => guard.call(platform.run, deadline(2000)));
      holdEventLoop(SETTINGS.timeoutMs * 3);
      const results = await Promise.all(calls);
      assert.deepEqual(
        results.map((r) => [r.outcome, r.detail]),
        results.map(() => ['answered', 'gateway-delay']),
      );
    }
    assert.equal(guard.breaker.stats.failures, 0);
    assert.equal(guard.breaker.opened, false);
    guard.shutdown();
  });

  it("ends a call the gateway could not hear before the scan's deadline at that deadline, without blaming the platform", async () => {
    const platform = new FakePlatform('fast');
    const guard = new GuardedLookup('c06', SETTINGS);
    const scan = deadline(SETTINGS.timeoutMs * 2);
    const call = guard.call(platform.run, scan);
    holdEventLoop(SETTINGS.timeoutMs * 3);
    const result = await call;
    assert.deepEqual([result.outcome, result.detail], ['timeout', 'deadline']);
    assert.equal(platform.inFlight, 0, 'the call was cancelled');
    assert.equal(guard.breaker.stats.failures, 0);
    guard.shutdown();
  });

  it('still times out and opens against a platform that is really slow while the gateway is free', async () => {
    const { platform, results } = await slowPlatformOpens({ timeoutMs: SETTINGS.timeoutMs, holdMs: 0, deadlineMs: 2000 });
    assert.equal(platform.aborted, platform.calls, 'every timed-out call was cancelled');
    assert.ok(
      results.every((r) => r.latencyMs < platform.slowMs),
      `timed out after ${results.map((r) => r.latencyMs).join(', ')} ms`,
    );
  });

  it('still counts a slow platform whose answer had not come when the timer ran late, before the deadline just past it', async () => {
    // As C06's 700 ms timeout and the scan's 800 ms deadline: giving the held time back (timing out at
    // 1,100 ms) would let the deadline come first. From the hold's end to the deadline, 400 ms for the
    // loop to reach its timers: with 50 ms (a 100 ms timeout held 150 ms, a 200 ms deadline), the
    // process run 60 ms late after the hold, as a loaded machine may run it, found the deadline's timer
    // due with the breaker's, and every call ended by the deadline.
    await slowPlatformOpens({ timeoutMs: 500, holdMs: 600, deadlineMs: 1000 });
  });

  it('counts those calls for the operators, by instance', async () => {
    const platform = new FakePlatform('fast');
    const client: LookupClient = {
      byRecord: (_id, _scope, signal) => platform.run(signal),
      latest: (_subject, signal) => platform.run(signal),
    };
    const instance = new AdapterInstance(
      { name: 'c06', platform: 'c06', baseUrl: 'http://c06.test', breaker: SETTINGS },
      { ...c06, createClient: () => client },
    );
    const events = new GatewayEvents();
    const metrics = new GatewayMetrics(events, ['c06']);
    const router = new AdapterRouter(new AdapterRegistry([instance]), noLastGood, events);
    // Three records, so three calls: scans of one record would share one (single flight).
    const scans = Array.from({ length: 3 }, (_, i) => router.byRecord({ instance: 'c06', recordId: `C06Q${i + 1}` }, deadline(2000)));
    holdEventLoop(SETTINGS.timeoutMs * 3);
    await Promise.all(scans);
    await router.shutdown();
    assert.match(await metrics.render(), /^vnhc_adapter_gateway_delays_total\{instance="c06"\} 3$/m);
  });
});
