import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { act, issue, noticeOf, registerPari } from './notice-story';

const HOUR = 3_600_000;
const APPROVALS = 20;
/** How long the approvals may take to all have read the notice: a loaded machine's HTTP round trips. */
const GATHER_MS = 10_000;

/**
 * Twenty supervisors approve one notice at once, through two gateways when they share a Redis. Every
 * approval is held until all twenty have read the notice as pending, so the service's own check lets
 * each through and only the store's compare-and-set can refuse nineteen: on Redis, one script per
 * transition, raced from two processes; in memory, the store's synchronous step.
 */
describeOnEveryStore('twenty approvals of one notice at once', function (store) {
  this.timeout(30000);
  const gateways: TestGateway[] = [];

  before(async () => {
    const env = {
      ...store.env,
      ...(store.name === 'Redis' ? { REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:` } : {}),
      SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'notices-approvals-')),
    };
    gateways.push(await TestGateway.start(env));
    if (store.name === 'Redis') gateways.push(await TestGateway.start(env));
  });
  after(async () => {
    for (const gw of gateways) await gw.stop();
  });

  it('lets exactly one through (200), answers the others 409, and records one approval, in Vietnam time', async () => {
    const [first] = gateways as [TestGateway];
    const pari = await registerPari(first);
    const now = Date.now();
    const issued = await issue(first, noticeOf(pari.venueId, new Date(now - 48 * HOUR), new Date(now - 24 * HOUR)));
    assert.equal(issued.status, 201, issued.text);
    const noticeId = issued.body.noticeId as string;

    // A barrier on every gateway's reads of the notice: none goes on before all twenty have read it.
    let read = 0;
    let allRead!: () => void;
    const gathered = new Promise<void>((resolve) => (allRead = resolve));
    const deadline = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`only ${read} of ${APPROVALS} approvals read the notice`)), GATHER_MS).unref(),
    );
    const restore = gateways.map((gw) => {
      const notices = gw.gateway.noticeStore;
      const getNotice = notices.getNotice;
      notices.getNotice = async (id) => {
        const notice = await getNotice.call(notices, id);
        if (id === noticeId && notice?.status === 'pending' && read < APPROVALS) {
          if (++read === APPROVALS) allRead();
          await Promise.race([gathered, deadline]);
        }
        return notice;
      };
      return () => (notices.getNotice = getNotice);
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: APPROVALS }, (_, i) =>
          act(gateways[i % gateways.length] as TestGateway, noticeId, 'approve', `cdc-haiphong-supervisor-${i}`),
        ),
      );
      assert.equal(read, APPROVALS, 'every approval read the notice as pending before any changed it');
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, ...Array<number>(APPROVALS - 1).fill(409)], JSON.stringify(statuses));
      const winner = answers.find((a) => a.status === 200)?.body.approvedBy;
      for (const gw of gateways) {
        const stored = await gw.call('GET', `/v1/exposure-notices/${noticeId}`, {
          route: '/v1/exposure-notices/{noticeId}',
          token: gw.token(['tracing']),
        });
        assert.equal(stored.body.approvedBy, winner);
      }
      const trail = await first.call('GET', '/v1/tracing/audit', { token: first.token(['tracing:approve']) });
      assert.equal(trail.status, 200, trail.text);
      const approvals = trail.body.entries.filter(
        (e: { action: string; noticeId?: string }) => e.action === 'notice-approve' && e.noticeId === noticeId,
      );
      assert.equal(approvals.length, 1);
      assert.equal(approvals[0].actor, winner);
      assert.match(approvals[0].at, /\+07:00$/);
    } finally {
      for (const undo of restore) undo();
    }
  });
});
