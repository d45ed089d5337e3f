import assert from 'node:assert/strict';
import { ErrorReply } from 'redis';
import type { AdapterMonitor } from '../../gateway/operations/adapter-monitor';
import { FleetStatus } from '../../gateway/operations/fleet-status';
import type { RedisCommands } from '../../gateway/store/redis-connection';
import { StoreUnavailable } from '../../gateway/store/store-errors';

/** An operator's breaker action is every process's or none's: a 503 for it has changed nothing. */
describe("an operator's breaker action while Redis cannot take it", () => {
  it("is refused as the store being unavailable and leaves this process's breaker as it was", async () => {
    const applied: string[] = [];
    const monitor = { guard: () => ({ apply: (action: string) => applied.push(action) }) } as unknown as AdapterMonitor;
    const redis = {
      set: () => Promise.reject(new ErrorReply('MISCONF Redis is configured to save RDB snapshots')),
    } as unknown as RedisCommands;
    const fleet = new FleetStatus(monitor, redis, 'test:', { warn: () => {}, error: () => {} });
    await assert.rejects(fleet.apply('c06', 'open'), StoreUnavailable);
    assert.deepEqual(applied, [], 'held open here, where no other process would learn of it, and with no audit line');
  });

  it('is applied here once Redis has it', async () => {
    const applied: string[] = [];
    const monitor = { guard: () => ({ apply: (action: string) => applied.push(action) }) } as unknown as AdapterMonitor;
    const redis = { set: () => Promise.resolve('OK') } as unknown as RedisCommands;
    await new FleetStatus(monitor, redis, 'test:', { warn: () => {}, error: () => {} }).apply('c06', 'open');
    assert.deepEqual(applied, ['open']);
  });
});
