import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AdapterMonitor } from '../../gateway/operations/adapter-monitor';
import { FleetStatus } from '../../gateway/operations/fleet-status';
import { sharedRedisConnection } from '../support/redis';

/**
 * During a rolling deploy, a process of the older release publishes views without the fields this
 * release added (quietUntil, the refused count); they are answered in this release's shape, as its contract says.
 */
describe("the fleet's views of processes of an older release", () => {
  const connection = sharedRedisConnection();

  it('answers an older view with quietUntil null and no refused requests counted, so /v1/adapters keeps its contract during a rolling deploy', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const redis = connection().commands;
    const counts = {
      calls: 12,
      successes: 9,
      failures: 3,
      timeouts: 0,
      rejections: 0,
      fallbacks: 0,
      freshCache: 4,
      budgetRefusals: 0,
      shared: 1,
    };
    const older = {
      instance: 'zalo',
      state: 'closed',
      stateSince: '2026-11-30T09:00:00+07:00',
      held: false,
      lastMinute: counts,
      last15Minutes: counts,
    };
    await redis.zAdd(`${prefix}ops:processes`, { score: Date.now(), value: 'gateway-old-1' });
    await redis.set(
      `${prefix}ops:view:{gateway-old-1}`,
      JSON.stringify({ processId: 'gateway-old-1', reportedAt: new Date().toISOString(), adapters: [older] }),
    );
    const monitor = { views: () => [] } as unknown as AdapterMonitor;
    const fleet = new FleetStatus(monitor, redis, prefix, { warn: () => {}, error: () => {} });
    const [own, other] = await fleet.views();
    assert.equal(own?.self, true);
    const answered = { ...counts, refused: 0 };
    assert.deepEqual(other?.adapters, [{ ...older, quietUntil: null, lastMinute: answered, last15Minutes: answered }]);
    assert.equal(other?.self, false);
  });
});
