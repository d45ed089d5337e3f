import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayProcess } from '../support/gateway-process';
import { OwnRedis, redisServerInstalled } from '../support/redis';

/**
 * `npm start` with REDIS_URL, before its Redis is up: the sandbox seeds its platforms' records once
 * Redis comes, as it always did. (With the gateway no longer waiting for a single Redis at start,
 * seeding used to run against the offline client and the sandbox died: "the client is offline".)
 */
describe('the sandbox started before its Redis', function () {
  this.timeout(60000);
  it('waits for Redis, then seeds and listens', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.notStartedYet();
    // Stands on Redis's port until the gateway has tried it once, so that Redis comes late for certain.
    let tried!: () => void;
    const triedOnce = new Promise<void>((resolve) => (tried = resolve));
    const doorman = createServer((socket) => {
      socket.destroy();
      tried();
    }).listen(redis.port, '127.0.0.1');
    const starting = GatewayProcess.start({
      SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'late-redis-')),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:`,
      REDIS_START_WAIT_MS: '0',
    });
    await triedOnce;
    await new Promise<void>((resolve) => doorman.close(() => resolve()));
    await redis.start();
    const gateway = await starting;
    try {
      assert.match(gateway.output(), /"simulated platforms started"/);
      assert.equal((await fetch(`${gateway.baseUrl}/readyz`)).status, 200);
    } finally {
      await gateway.stop();
      await redis.stop();
    }
  });
});
