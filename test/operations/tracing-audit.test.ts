import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../gateway/operations/audit-log';
import { MemoryTracingAudit, RedisTracingAudit, type TracingAuditCommands } from '../../gateway/operations/tracing-audit';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { waitFor } from '../support/wait-for';

/** How long the trail keeps an entry in these stories: short, so that Redis's own clock can pass it. */
const KEEP_MS = 3000;
/** More entries than the operators' log keeps (1,000): none of tracing's may be pushed out by count. */
const MANY = 1500;

const entry = (n: number): AuditEntry => ({
  at: new Date(Date.UTC(2021, 2, 27, 1, 0, n)).toISOString(),
  actor: 'cdc-haiphong',
  action: 'tracing-query',
  purpose: 'contact-tracing',
  caseRef: `HP-BN${n}`,
  queryId: `trq_${String(n).padStart(22, '0')}`,
  citizens: n % 7,
  requestId: `req-${n}`,
});

interface Subject {
  /** A trail keeping its entries `keepMs`. */
  trail(keepMs: number): AuditLog;
  /** Resolves once `probe` holds after the keep of everything appended so far has passed. */
  afterKeep(probe: () => Promise<boolean>): Promise<void>;
}

function trailStory(name: string, make: () => Promise<Subject>, before?: (context: Mocha.Context) => Promise<void>) {
  describe(`tracing's audit trail (${name})`, function () {
    this.timeout(20000);
    let subject: Subject;

    beforeEach(async function () {
      if (before) await before(this);
      subject = await make();
    });

    it('keeps every entry of its window, newest first, however many there are', async () => {
      const trail = subject.trail(60_000);
      for (let n = 0; n < MANY; n++) await trail.append(entry(n));
      const read = await trail.newest(MANY + 10);
      assert.equal(read.length, MANY);
      assert.deepEqual(read[0], entry(MANY - 1));
      assert.deepEqual(read.at(-1), entry(0), 'the first entry is still there past the 1,000 the operators keep');
      assert.deepEqual(await trail.newest(2), [entry(MANY - 1), entry(MANY - 2)]);
    });

    it('forgets an entry once the keep has passed since it was written, and keeps the newer', async () => {
      const trail = subject.trail(KEEP_MS);
      await trail.append(entry(1));
      await subject.afterKeep(async () => (await trail.newest(10)).length === 0);
      await trail.append(entry(2));
      assert.deepEqual(await trail.newest(10), [entry(2)]);
    });
  });
}

trailStory('in memory', async () => {
  let now = Date.parse('2021-03-27T08:00:00+07:00');
  return {
    trail: (keepMs) => new MemoryTracingAudit(keepMs, () => now),
    afterKeep: async (probe) => {
      now += KEEP_MS - 1;
      assert.equal(await probe(), false, 'kept until the keep has passed');
      now += 1;
      assert.ok(await probe(), 'still there once the clock passed the keep');
    },
  };
});

let connection: RedisConnection | undefined;
after(() => connection?.close());

/** The shared Redis, each story's trail under a stream key of its own. */
async function redisSubject(): Promise<Subject> {
  const key = `test:${randomBytes(6).toString('hex')}:tracing:audit`;
  connection ??= await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }, () => {});
  const commands = connection.commands as unknown as TracingAuditCommands & { exists(key: string): Promise<number> };
  return {
    trail: (keepMs) => new RedisTracingAudit(commands, key, keepMs),
    // Redis's own clock runs: the entries are no longer read once the keep has passed, and the key goes by PEXPIRE.
    afterKeep: async (probe) => {
      await waitFor(probe, KEEP_MS + 5000, 'the entry past its keep');
      await waitFor(async () => (await commands.exists(key)) === 0, 5000, 'the idle trail to expire');
    },
  };
}
trailStory('Redis', redisSubject, (context) => requireRedis(context));
