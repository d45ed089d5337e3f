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
/** A scan's own time on a loaded machine, on top of the cache time. */
const SCAN_SLACK_MS = 1000;

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

  /** How long after `since` the other process's scans answered `status`, polling. */
  const seenBy = async (gw: TestGateway, status: string, since: number): Promise<number> => {
    await waitFor(
      async () => (await scan(gw, duc.qr)).body.status === status,
      ACTIVE_NOTICES_CACHE_MS + 5000,
      `${status} on the other process`,
    );
    return Date.now() - since;
  };

  it('turns red on the other process within the cache time of an approval, and green again within it of a withdrawal', async () => {
    // Both have read the notices (none) and keep that read for up to a second.
    assert.equal((await scan(a, duc.qr)).body.status, 'green');
    assert.equal((await scan(b, duc.qr)).body.status, 'green');

    const noticeId = await activeNotice(a, noticeOf(pari.venueId, new Date(Date.now() - 24 * HOUR), new Date(Date.now() - HOUR)));
    const approvedAt = Date.now();
    assert.equal((await scan(a, duc.qr)).body.status, 'red', 'at once where it was approved');
    const red = await seenBy(b, 'red', approvedAt);
    assert.ok(red <= ACTIVE_NOTICES_CACHE_MS + SCAN_SLACK_MS, `red on the other process after ${red} ms`);

    assert.equal((await act(a, noticeId, 'withdraw')).status, 200);
    const withdrawnAt = Date.now();
    assert.equal((await scan(a, duc.qr)).body.status, 'green', 'at once where it was withdrawn');
    const green = await seenBy(b, 'green', withdrawnAt);
    assert.ok(green <= ACTIVE_NOTICES_CACHE_MS + SCAN_SLACK_MS, `green on the other process after ${green} ms`);
  });
});
