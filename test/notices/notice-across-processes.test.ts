import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIVE_NOTICES_CACHE_MS } from '../../gateway/notices/active-notices';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';
import { act, activeNotice, declareDuc, noticeOf, registerPari, scan, stay } from './notice-story';

const HOUR = 3_600_000;

/**
 * Two gateways on one Redis: a notice approved or withdrawn through one is seen by the other's scans
 * within the active notices' cache time (a second), and at once by the one that made the change.
 */
describe('exposure notices across two gateway processes on one Redis', function () {
  this.timeout(30000);
  let a: TestGateway;
  let b: TestGateway;
  let duc: { citizenId: string; qr: string };
  let pari: { venueId: string };

  before(async function () {
    await requireRedis(this);
    // One store and one set of secrets (tokens, QR keys) for both.
    const env = {
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:`,
      SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'notices-two-')),
    };
    a = await TestGateway.start(env);
    b = await TestGateway.start(env);
    const now = new Date();
    pari = await registerPari(a);
    duc = await declareDuc(a, now);
    await stay(a, pari.venueId, duc.qr, new Date(now.getTime() - 5 * HOUR), new Date(now.getTime() - 4 * HOUR));
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  /**
   * What the other process answers to a scan begun once the cache time has passed since `changedAt`
   * (taken after the change was answered): its cached read was made before the change, so it has run
   * out by then, however slow the scans. Timing the scans instead (red within the cache time plus a
   * second of slack, polling) would fail on a loaded machine whenever the scans took that second.
   */
  const scannedAfterCacheTime = async (gw: TestGateway, changedAt: number): Promise<string> => {
    const at = changedAt + ACTIVE_NOTICES_CACHE_MS;
    await waitFor(() => Date.now() >= at, ACTIVE_NOTICES_CACHE_MS + 1000, 'the cache time to pass');
    return (await scan(gw, duc.qr)).body.status as string;
  };

  it('turns red on the other process within the cache time of an approval, and green again within it of a withdrawal', async () => {
    // Both have read the notices (none) and keep that read for up to a second.
    assert.equal((await scan(a, duc.qr)).body.status, 'green');
    assert.equal((await scan(b, duc.qr)).body.status, 'green');

    const noticeId = await activeNotice(a, noticeOf(pari.venueId, new Date(Date.now() - 24 * HOUR), new Date(Date.now() - HOUR)));
    const approvedAt = Date.now();
    assert.equal((await scan(a, duc.qr)).body.status, 'red', 'at once where it was approved');
    assert.equal(await scannedAfterCacheTime(b, approvedAt), 'red', 'on the other process, a cache time after the approval');

    assert.equal((await act(a, noticeId, 'withdraw')).status, 200);
    const withdrawnAt = Date.now();
    assert.equal((await scan(a, duc.qr)).body.status, 'green', 'at once where it was withdrawn');
    assert.equal(await scannedAfterCacheTime(b, withdrawnAt), 'green', 'on the other process, a cache time after the withdrawal');
  });
});
