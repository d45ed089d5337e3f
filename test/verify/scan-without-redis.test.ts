import assert from 'node:assert/strict';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { SandboxFixture } from '../support/sandbox-fixture';
import { waitFor } from '../support/wait-for';

/** A scan whose store is gone cannot be answered from nothing: a 503 with Retry-After, never a 500, never "unknown". */
describe('verify with Redis gone', function () {
  this.timeout(30000);
  let redis: OwnRedis;
  let f: SandboxFixture;

  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start(['--enable-debug-command', 'yes']);
    // The scan's deadline before the store's command deadline: a store that hangs fails the scan's read first.
    f = await SandboxFixture.start({
      citizens: 5,
      env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200', VERIFY_DEADLINE_MS: '120' },
    });
  });
  after(async () => {
    await f?.stop();
    await redis?.stop();
  });

  it("answers a forged unified code invalid, and the genuine one 503, while Redis hangs past the scan's deadline", async () => {
    const unified = await f.unifiedQrOf(f.citizenOn('ncovi'));
    // The same code with its signature's last characters changed: forged.
    const forged = `${unified.slice(0, -4)}${unified.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    // Asleep (it no longer answers a ping) before the forged scan reads it.
    await redis.sleep(3);
    try {
      const refused = await f.scan(forged);
      assert.deepEqual([refused.status, refused.body.status, refused.body.reasons?.[0]?.code], [200, 'invalid', 'qr-bad-signature']);
      assert.equal((await f.scan(unified)).status, 503);
    } finally {
      await waitFor(async () => (await f.scan(unified)).status === 200, 10_000, 'Redis to wake');
    }
  });

  it('answers 503 with Retry-After for a unified code and for a platform code whose platform is down too', async () => {
    const citizen = f.citizenOn('tokhaiyte');
    const unified = await f.unifiedQrOf(citizen);
    const platformCode = `TKYT:${f.recordOf('tokhaiyte', citizen).ma_to_khai}`;
    await f.faults('tokhaiyte', { down: true });
    await redis.stop();
    for (const qr of [unified, platformCode]) {
      const res = await f.scan(qr);
      assert.equal(res.status, 503, `${qr.slice(0, 5)}: ${res.text}`);
      assert.equal(res.headers.get('retry-after'), '1');
    }
  });
});
