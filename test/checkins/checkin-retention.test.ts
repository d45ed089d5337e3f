import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry } from '../../adapters';
import { CheckinService } from '../../gateway/checkins/checkin-service';
import { Retention } from '../../gateway/domain/retention';
import { documentKeys } from '../../gateway/identity/identity-keys';
import { formatIct } from '../../gateway/normalize/dates';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { KeyNames } from '../../gateway/store/key-names';
import { MemoryStore } from '../../gateway/store/memory-store';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStayStore, type StayCommands } from '../../gateway/store/redis-stay-store';
import { MemoryStayStore, type StayStore } from '../../gateway/store/stay-store';
import { MemoryVenueStore } from '../../gateway/store/venue-store';
import { VenueQr } from '../../gateway/venues/venue-qr';
import { VenueService } from '../../gateway/venues/venue-service';
import { movedClock } from '../support/moved-clock';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { waitFor } from '../support/wait-for';

const RETENTION = new Retention(21);
/** How long before its retention ends the story's check-out is taken: long enough for a loaded machine to read it back first. */
const LEFT_MS = 3000;
/** Phạm Thị Dung, known by her CCCD: a linked subject, so the citizen's keys are written and must go too. */
const DUNG = { fullName: 'Phạm Thị Dung', identifiers: [{ system: 'vn-cccd', value: '079190004567' }] };
const DUNG_ID = 'cit_PhamThiDung000000000';

interface Subject {
  stays: StayStore;
  /** Every key the store holds with its time left (PTTL), when the store has keys. */
  keys?: () => Promise<Map<string, number>>;
  /** Resolves once `probe` holds after the check-out's retention has ended. */
  afterRetention(probe: () => Promise<boolean>): Promise<void>;
  clock: { now: Date };
}

/** The story's subject, and a check-in service over its stays, with Dung known by her CCCD. */
async function started(make: () => Promise<Subject>) {
  const subject = await make();
  const clock = () => subject.clock.now;
  const config = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'checkin-retention-')) });
  const unifiedQr = new UnifiedQr(config.qr);
  const venues = new VenueService({ venues: new MemoryVenueStore(), venueQr: new VenueQr(unifiedQr), clock });
  const citizens = new MemoryStore();
  await citizens.claim(documentKeys({ identifiers: [{ system: 'vn-cccd', value: '079190004567' }] })[0] as string, DUNG_ID);
  const service = new CheckinService({
    registry: createAdapterRegistry(),
    store: citizens,
    stays: subject.stays,
    venues,
    unifiedQr,
    keyNames: new KeyNames(createSecretKey(randomBytes(32))),
    clock,
    retention: RETENTION,
    futureSkewMs: 300_000,
    anyVenue: '*',
  });
  return { subject, venues, service };
}

function retentionStory(name: string, make: () => Promise<Subject>, before?: (context: Mocha.Context) => Promise<void>) {
  describe(`retention of check-ins and stays (${name})`, function () {
    this.timeout(15000);

    it('forgets a check-out, its stay and its replay record CHECKIN_RETENTION_DAYS after the stay ended', async function () {
      if (before) await before(this);
      const { subject, venues, service } = await started(make);
      // Chợ Bến Thành, registered on 1 July 2021; a check-out taken LEFT_MS before its 21 days end.
      subject.clock.now = new Date('2021-07-01T08:00:00+07:00');
      const market = await venues.register({ name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } });
      assert.ok(market.ok);
      const at = formatIct(subject.clock.now);
      subject.clock.now = new Date(RETENTION.endOf(at) - LEFT_MS);
      const event = { venue: market.venue.venueId, direction: 'out', at, subject: DUNG };
      const caller = 'cho-ben-thanh-cong-1';
      const first = await service.checkin(event, caller);
      assert.ok(first.ok && first.created);
      assert.deepEqual([first.stay.outSource, first.stay.linked], ['inferred', true]);
      const venueId = market.venue.venueId;
      const held = async () => ({
        venue: (await subject.stays.venueStays(venueId, 0, Infinity)).length,
        citizen: (await subject.stays.citizenStays(DUNG_ID, 0, Infinity, 10)).length,
        rev: (await subject.stays.readCitizen(DUNG_ID, 0, Infinity)).rev,
      });
      assert.deepEqual(await held(), { venue: 1, citizen: 1, rev: 1 });
      const replay = await service.checkin(event, caller);
      assert.ok(replay.ok && !replay.created, 'answered from its replay record');
      if (subject.keys) {
        // Every key written (the event's record, both slots' stay and index, the citizen's rev) expires by itself, by then.
        const keys = await subject.keys();
        const kinds = [...keys.keys()].map((key) =>
          key
            .replace(/^test:[0-9a-f]+:/, '')
            .replace(/\{[^}]+\}/, '{}')
            .replace(/sty_.+$/, 'sty'),
        );
        assert.deepEqual(kinds.sort(), ['chk:{}', 'cst:{}:rev', 'cst:{}:stay:sty', 'cst:{}:stays', 'ven:{}:stay:sty', 'ven:{}:stays']);
        for (const [key, left] of keys) assert.ok(left > 0 && left <= LEFT_MS, `${key} has ${left} ms left`);
      }

      await subject.afterRetention(async () => {
        const now = await held();
        return now.venue === 0 && now.citizen === 0 && now.rev === 0 && (subject.keys ? (await subject.keys()).size === 0 : true);
      });
      // Past its retention the event is refused, never answered from a replay record.
      subject.clock.now = new Date(RETENTION.endOf(at));
      const late = await service.checkin(event, 'cho-ben-thanh-gate-1');
      assert.ok(!late.ok);
      assert.deepEqual(
        late.reasons.map((r) => r.code),
        ['past-retention'],
      );
    });

    it("forgets an open stay a late check-out cut short, with its replay and the citizen's index, when the shortened stay goes", async function () {
      if (before) await before(this);
      const { subject, venues, service } = await started(make);
      // A shop whose visits last four hours unless checked out; Dung came in at 08:00 and left two seconds later.
      subject.clock.now = new Date('2021-07-01T08:00:00+07:00');
      const shop = await venues.register({
        name: 'Nhà sách Fahasa',
        kind: 'permanent',
        address: { province: '79' },
        defaultStayMinutes: 240,
      });
      assert.ok(shop.ok);
      const came = formatIct(subject.clock.now);
      const left = formatIct(subject.clock.now.getTime() + LEFT_MS - 1000);
      // Both sent late by the shop's device, a second before her check-in is 21 days old: the stay, ended
      // two seconds after it began, is kept LEFT_MS more, not four hours.
      subject.clock.now = new Date(RETENTION.endOf(came) - 1000);
      const caller = 'fahasa-quay-1';
      const checkIn = { venue: shop.venue.venueId, direction: 'in', at: came, subject: DUNG };
      assert.ok((await service.checkin(checkIn, caller)).ok);
      const out = await service.checkin({ ...checkIn, direction: 'out', at: left }, caller);
      assert.ok(out.ok && out.stay.outSource === 'manual');
      if (subject.keys) {
        // The citizen's keys go with the stay, not four hours later (the venue's index, which names nobody, may).
        for (const [key, leftMs] of await subject.keys())
          if (!key.includes(':stays') || key.includes('cst:')) assert.ok(leftMs > 0 && leftMs <= LEFT_MS, `${key} has ${leftMs} ms left`);
      }
      await subject.afterRetention(async () => (await subject.stays.citizenStays(DUNG_ID, 0, Infinity, 10)).length === 0);
      // Its replay went too: sent again, the check-in is refused past retention, never answered from a record.
      subject.clock.now = new Date(RETENTION.endOf(left));
      const again = await service.checkin(checkIn, caller);
      assert.deepEqual(again.ok ? 'answered' : again.reasons.map((r) => r.code), ['past-retention']);
    });
  });
}

retentionStory('in memory', async () => {
  const { clock, now, after } = movedClock();
  return { clock, stays: new MemoryStayStore(now), afterRetention: (gone) => after(LEFT_MS, gone) };
});

let connection: RedisConnection | undefined;
retentionStory(
  'Redis',
  async () => {
    connection ??= await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }, () => {});
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    const redis = connection.commands as unknown as StayCommands & {
      keys(pattern: string): Promise<string[]>;
      pTTL(key: string): Promise<number>;
    };
    return {
      clock: { now: new Date() },
      stays: new RedisStayStore(redis, prefix, true),
      keys: async () =>
        new Map(await Promise.all((await redis.keys(`${prefix}*`)).map(async (key) => [key, await redis.pTTL(key)] as const))),
      // Redis's own clock runs: the keys go by themselves once the time left has passed.
      afterRetention: (probe) => waitFor(probe, LEFT_MS + 5000),
    };
  },
  (context) => requireRedis(context),
);
after(() => connection?.close());
