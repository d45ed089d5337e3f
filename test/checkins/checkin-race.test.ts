import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry } from '../../adapters';
import { CheckinService } from '../../gateway/checkins/checkin-service';
import { Retention } from '../../gateway/domain/retention';
import { documentKeys } from '../../gateway/identity/identity-keys';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { KeyNames } from '../../gateway/store/key-names';
import { MemoryStore } from '../../gateway/store/memory-store';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStayStore, type StayCommands } from '../../gateway/store/redis-stay-store';
import { MemoryVenueStore } from '../../gateway/store/venue-store';
import { VenueQr } from '../../gateway/venues/venue-qr';
import { VenueService } from '../../gateway/venues/venue-service';
import { goldenNative } from '../support/mapping';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-08-16T12:00:00+07:00');
const STAYS = '/v1/citizens/{citizenId}/stays';

describeOnEveryStore('check-ins under one source id at once', (store) => {
  let gw: TestGateway;
  let market: { venueId: string };
  let an: { citizenId: string; qr: string };
  let binh: { citizenId: string; qr: string };
  before(async () => {
    gw = await TestGateway.start(store.env, () => NOW);
    market = (await gw.call('POST', '/v1/venues', { body: { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } } }))
      .body;
    const first = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const second = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '03'));
    assert.ok(first.ok && first.citizen && second.ok && second.citizen);
    an = first.citizen;
    binh = second.citizen;
  });
  after(() => gw?.stop());
  const staysOf = async (citizenId: string) =>
    (await gw.call('GET', `/v1/citizens/${citizenId}/stays`, { route: STAYS, token: gw.token(['citizens:read']) })).body.stays;

  it('answers one 201 and a 409 to every other event, and stores nothing of those: no stay under any citizen or venue', async () => {
    const source = { instance: 'ncovi', eventId: 'CHK-2021-08-16-0001' };
    const events = Array.from({ length: 8 }, (_, i) => ({
      venue: market.venueId,
      direction: 'in',
      at: `2021-08-16T0${i + 1}:00:00+07:00`,
      subject: i % 2 === 0 ? an.qr : binh.qr,
      source,
    }));
    const answers = await Promise.all(events.map((body) => gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write']) })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
    const won = answers.find((a) => a.status === 201)?.body.stay;
    const [anStays, binhStays] = [await staysOf(an.citizenId), await staysOf(binh.citizenId)];
    assert.deepEqual(
      [...anStays, ...binhStays].map((s) => s.stayId),
      [won.stayId],
    );
    // What a tracer reads is the venue's copy: the same one stay.
    const traced = await gw.call('POST', '/v1/tracing/queries', {
      body: {
        venues: [market.venueId],
        from: '2021-08-16T00:00:00+07:00',
        to: '2021-08-16T12:00:00+07:00',
        purpose: 'contact-tracing',
        caseRef: 'HCM-BN-2021-0816',
      },
      token: gw.token(['tracing']),
    });
    assert.equal(traced.status, 201, JSON.stringify(traced.body));
    assert.deepEqual(
      traced.body.stays.map((s: any) => [s.citizenId, s.in]),
      [[won.citizenId, won.in]],
    );
  });
});

describe("one citizen's events on two gateways at once (Redis)", function () {
  this.timeout(20000);
  const connections: RedisConnection[] = [];
  before(async function () {
    await requireRedis(this);
  });
  after(() => Promise.all(connections.map((c) => c.close())));

  it("closes each stay where the next began, the same in the citizen's copy and the venue's, round after round", async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    for (let i = 0; i < 2; i++) connections.push(await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 2000 }, () => {}));
    const clock = () => NOW;
    const config = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'checkin-race-')) });
    const unifiedQr = new UnifiedQr(config.qr);
    const venues = new VenueService({ venues: new MemoryVenueStore(), venueQr: new VenueQr(unifiedQr), clock });
    const citizens = new MemoryStore();
    const keyNames = new KeyNames(createSecretKey(randomBytes(32)));
    const [one, two] = connections.map(
      (connection) =>
        new CheckinService({
          registry: createAdapterRegistry(),
          store: citizens,
          stays: new RedisStayStore(connection.commands as unknown as StayCommands, prefix),
          venues,
          unifiedQr,
          keyNames,
          clock,
          retention: new Retention(21),
          futureSkewMs: 300_000,
          // The venues are registered without a caller: every caller may check people in (the sandbox's rule).
          anyVenue: '*',
        }),
    ) as [CheckinService, CheckinService];
    const venue = async (name: string) => {
      const registered = await venues.register({ name, kind: 'permanent', address: { province: '79' } });
      assert.ok(registered.ok);
      return registered.venue.venueId;
    };
    const [a, b, c] = [
      await venue('Chợ Bến Thành'),
      await venue('Nhà thuốc Long Châu, 379 Hai Bà Trưng'),
      await venue('Siêu thị Co.opmart Cống Quỳnh'),
    ];
    const stays = new RedisStayStore(connections[0]!.commands as unknown as StayCommands, prefix);
    for (let round = 0; round < 6; round++) {
      // Six people, each checked in at A, then at B and C a few minutes later, the two events on two gateways at once.
      const cccd = `07908500${String(1000 + round)}`;
      const citizenId = `cit_Race${String(round).padStart(12, '0')}`;
      await citizens.claim(documentKeys({ identifiers: [{ system: 'vn-cccd', value: cccd }] })[0] as string, citizenId);
      const subject = { identifiers: [{ system: 'vn-cccd', value: cccd }] };
      const hour = String(6 + round).padStart(2, '0');
      const at = (mm: string) => `2021-08-16T${hour}:${mm}:00+07:00`;
      const opened = await one.checkin({ venue: a, direction: 'in', at: at('00'), subject }, 'ncovi-app');
      assert.ok(opened.ok && opened.stay.linked === true);
      const [atB, atC] = await Promise.all([
        one.checkin({ venue: b, direction: 'in', at: at('10'), subject }, 'ncovi-app'),
        two.checkin({ venue: c, direction: 'in', at: at('20'), subject }, 'ncovi-app'),
      ]);
      assert.ok(atB.ok && atC.ok);
      const held = (await stays.citizenStays(citizenId, 0, Infinity, 10)).reverse();
      assert.deepEqual(
        held.map((s) => [s.venueId, s.in, s.out ?? null, s.outSource ?? 'open']),
        [
          [a, at('00'), at('10'), 'next-checkin'],
          [b, at('10'), at('20'), 'next-checkin'],
          [c, at('20'), null, 'open'],
        ],
        `round ${round}`,
      );
      for (const stay of held) {
        const copy = (await stays.venueStays(stay.venueId, 0, Infinity)).find((s) => s.stayId === stay.stayId);
        assert.deepEqual(copy, stay, `round ${round}: the venue's copy agrees with the citizen's`);
      }
    }
  });
});
