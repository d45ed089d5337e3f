import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

/** The day after Nguyễn Văn An declared on the Ministry's site (tokhaiyte's example record of 15/08/2021). */
const NOW = new Date('2021-08-16T12:00:00+07:00');
/** The gateway's clock: NOW, but while a test sends an event as it happens. */
let now = NOW;
const STAYS = '/v1/citizens/{citizenId}/stays';
const nfd = (text: string) => text.normalize('NFD');
const AN_BY_CCCD = { identifiers: [{ system: 'vn-cccd', value: '079 085 001 234' }] };
/** An's phone, an NFD name and a birth year: joined by the phone rule, never by the phone alone. */
const AN_BY_PHONE = { fullName: nfd('Nguyễn Văn An'), birthDate: '1985', identifiers: [{ system: 'phone', value: '0912.345.678' }] };

describeOnEveryStore('venue check-ins', (store) => {
  let gw: TestGateway;
  let market: { venueId: string; qr: string };
  let ward: { venueId: string; qr: string };
  let an: { citizenId: string; qr: string };

  before(async () => {
    gw = await TestGateway.start(store.env, () => now);
    const registered = await gw.call('POST', '/v1/venues', {
      body: { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: nfd('Hồ Chí Minh'), district: 'Quận 1' } },
    });
    market = registered.body;
    const hospital = await gw.call('POST', '/v1/venues', {
      body: { name: 'Bệnh viện Chợ Rẫy', kind: 'permanent', address: { province: '79', line: '201B Nguyễn Chí Thanh, Quận 5' } },
    });
    ward = (
      await gw.call('POST', '/v1/venues', {
        body: {
          name: 'Khoa Hồi sức, Bệnh viện Chợ Rẫy',
          kind: 'permanent',
          address: { province: '79' },
          parentVenueId: hospital.body.venueId,
          defaultStayMinutes: 480,
        },
      })
    ).body;
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.ok(ingested.ok && ingested.citizen);
    an = ingested.citizen;
  });
  after(() => gw?.stop());

  /** Each caller its own token subject: the market's gate device, and the citizen's app. */
  const post = (body: unknown, caller = 'cho-ben-thanh-cong-1') =>
    gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write'], caller) });
  const staysOf = async (citizenId: string) =>
    (await gw.call('GET', `/v1/citizens/${citizenId}/stays`, { route: STAYS, token: gw.token(['citizens:read']) })).body.stays;

  it("opens a stay when a market's device scans a citizen's QR, and closes it when the citizen's app checks out with the market's code", async () => {
    const inAt = await post({
      venue: market.venueId,
      direction: 'in',
      at: '2021-08-16T08:00:00+07:00',
      subject: an.qr,
      mode: 'staff-scan',
    });
    assert.equal(inAt.status, 201);
    assert.match(inAt.body.stay.stayId, /^sty_/);
    assert.deepEqual(
      { ...inAt.body.stay, stayId: undefined },
      {
        stayId: undefined,
        venueId: market.venueId,
        in: '2021-08-16T08:00:00+07:00',
        out: '2021-08-16T09:00:00+07:00',
        outSource: 'auto',
        citizenId: an.citizenId,
      },
    );
    // A local time without an offset is Vietnam's: 08:40 is 08:40+07:00. The app shows An's own QR, as it happens.
    now = new Date('2021-08-16T08:40:05+07:00');
    try {
      const out = await post(
        { venue: market.qr, direction: 'out', at: '2021-08-16 08:40', subject: an.qr, mode: 'self-scan' },
        'ncovi-app',
      );
      assert.equal(out.status, 201);
      assert.deepEqual(out.body.stay, { ...inAt.body.stay, out: '2021-08-16T08:40:00+07:00', outSource: 'manual' });
    } finally {
      now = NOW;
    }
  });

  it('closes the market stay when the citizen checks in at a hospital ward (next-checkin), and lists stays newest first', async () => {
    await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T09:00:00+07:00', subject: AN_BY_PHONE });
    const atWard = await post({ venue: ward.qr, direction: 'in', at: '2021-08-16T09:30:00+07:00', subject: an.qr });
    assert.equal(atWard.body.stay.out, '2021-08-16T17:30:00+07:00', "the ward's default stay is 8 hours");
    const stays = await staysOf(an.citizenId);
    assert.deepEqual(
      stays.slice(0, 2).map((s: any) => [s.venueId, s.in, s.out, s.outSource]),
      [
        [ward.venueId, '2021-08-16T09:30:00+07:00', '2021-08-16T17:30:00+07:00', 'auto'],
        [market.venueId, '2021-08-16T09:00:00+07:00', '2021-08-16T09:30:00+07:00', 'next-checkin'],
      ],
    );
  });

  it('makes a stay that ends at a check-out with no open stay and began the default stay earlier (inferred)', async () => {
    const out = await post({ venue: market.venueId, direction: 'out', at: '2021-08-15T19:00:00+07:00', subject: an.qr });
    assert.equal(out.status, 201);
    assert.deepEqual(
      [out.body.stay.in, out.body.stay.out, out.body.stay.outSource],
      ['2021-08-15T18:00:00+07:00', '2021-08-15T19:00:00+07:00', 'inferred'],
    );
  });

  it("begins the stay at its check-in when the check-out came first (an offline device's lines out of order): the same stay as in order", async () => {
    const out = await post({ venue: market.venueId, direction: 'out', at: '2021-08-14T10:30:00+07:00', subject: AN_BY_CCCD });
    assert.equal(out.body.stay.in, '2021-08-14T09:30:00+07:00', 'inferred: the default stay earlier');
    const checkedIn = await post({ venue: market.venueId, direction: 'in', at: '2021-08-14T10:00:00+07:00', subject: AN_BY_CCCD });
    assert.equal(checkedIn.status, 201);
    const expected = ['2021-08-14T10:00:00+07:00', '2021-08-14T10:30:00+07:00', 'manual'];
    assert.deepEqual([checkedIn.body.stay.in, checkedIn.body.stay.out, checkedIn.body.stay.outSource], expected);
    const that = (await staysOf(an.citizenId)).filter((s: { in: string }) => s.in.startsWith('2021-08-14'));
    assert.deepEqual(
      that.map((s: { in: string; out: string; outSource: string }) => [s.in, s.out, s.outSource]),
      [expected],
    );
  });

  it('answers a replay with the first answer and stores nothing new, with or without a source event id', async () => {
    const event = { venue: market.venueId, direction: 'in', at: '2021-08-14T10:00:00+07:00', subject: AN_BY_CCCD };
    const first = await post(event);
    const before = await staysOf(an.citizenId);
    // The same event with the venue by its code this time: the same venue, direction, time and subject.
    const again = await post({ ...event, venue: market.qr });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    // By An's QR instead it is another event (another subject as given), yet the same visit: the same stay, no new one.
    const byQr = await post({ ...event, subject: an.qr });
    assert.equal(byQr.status, 201);
    assert.equal(byQr.body.stay.stayId, first.body.stay.stayId);
    assert.equal((await staysOf(an.citizenId)).length, before.length);
    const sourced = { ...event, at: '2021-08-14T11:00:00+07:00', source: { instance: 'ncovi', eventId: 'CHK-0001' } };
    assert.equal((await post(sourced)).status, 201);
    assert.equal((await post(sourced)).status, 200);
    const other = await post({ ...sourced, direction: 'out' });
    assert.equal(other.status, 409);
    assert.equal((await staysOf(an.citizenId)).length, before.length + 1);
  });

  it('reads a citizen code whose prefix a device lower-cased, as a scan does: linked to the citizen, not malformed', async () => {
    const lowered = `vnhc1:${an.qr.slice('VNHC1:'.length)}`;
    const res = await post({
      venue: market.venueId,
      direction: 'in',
      at: '2021-08-16T06:00:00+07:00',
      subject: lowered,
      mode: 'staff-scan',
    });
    assert.deepEqual([res.status, res.body.stay.citizenId], [201, an.citizenId]);
  });

  it('stores a subject that identifies nobody unlinked, and says so', async () => {
    const stranger = { fullName: nfd('Trần Thị Bích'), identifiers: [{ system: 'phone', value: '0987 654 321' }] };
    const res = await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T10:00:00+07:00', subject: stranger });
    assert.equal(res.status, 201);
    assert.equal(res.body.stay.linked, false);
    assert.equal('citizenId' in res.body.stay, false);
  });

  it('never makes a citizen from a check-in: identifiers of nobody create no one', async () => {
    const someone = { fullName: 'Lê Văn Cường', birthDate: '1990-02-03', identifiers: [{ system: 'vn-cccd', value: '001090000123' }] };
    const res = await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T10:05:00+07:00', subject: someone });
    assert.equal(res.body.stay.linked, false);
    assert.equal(await gw.gateway.store.ownerOf('vn-cccd:001090000123'), undefined);
  });

  it('refuses with 422 and the pointer: an unknown venue, a future time, a time past retention, a date that does not exist', async () => {
    const refusal = async (body: object) => {
      const res = await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T10:00:00+07:00', subject: an.qr, ...body });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      return res.body.errors.map((e: any) => [e.pointer, e.code]);
    };
    assert.deepEqual(await refusal({ venue: 'ven_AAAAAAAAAAAAAAAAAAAAAA' }), [['/venue', 'unknown-venue']]);
    assert.deepEqual(await refusal({ at: '2021-08-16T12:06:00+07:00' }), [['/at', 'invalid-date']]);
    assert.deepEqual(await refusal({ at: '2021-07-26T11:59:00+07:00' }), [['/at', 'past-retention']]);
    assert.deepEqual(await refusal({ at: '31/02/2021 08:00' }), [['/at', 'invalid-date']]);
    assert.deepEqual(await refusal({ subject: 'NOT-A-CODE' }), [['/subject', 'qr-unrecognized']]);
    const forged = an.qr.slice(0, -4) + (an.qr.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assert.deepEqual(await refusal({ subject: forged }), [['/subject', 'qr-bad-signature']]);
    assert.deepEqual(await refusal({ venue: market.qr.slice(0, -4) + 'AAAA' }), [['/venue', 'venue-qr-bad-signature']]);
    // A subject of the wrong shape does not hide what the time and the venue say: every reason at once.
    const told = await refusal({ subject: { identifiers: 'none' }, at: '31/02/2021 08:00', venue: 'ven_AAAAAAAAAAAAAAAAAAAAAA' });
    assert.ok(told.some(([pointer]: [string, string]) => pointer.startsWith('/subject')));
    assert.deepEqual(
      told.filter(([pointer]: [string, string]) => !pointer.startsWith('/subject')),
      [
        ['/at', 'invalid-date'],
        ['/venue', 'unknown-venue'],
      ],
    );
  });

  /** A market check-in of `subject`: its status and its reasons, each as [pointer, code]. */
  const checkInOf = async (subject: object) => {
    const res = await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T10:00:00+07:00', subject });
    return { res, told: [res.status, res.body.errors?.map((e: { pointer: string; code: string }) => [e.pointer, e.code])] };
  };

  it('refuses a check-in naming a second CCCD: one number a person, not ten questions of the join at once', async () => {
    const subject = {
      identifiers: [
        { system: 'vn-cccd', value: '001190000017' },
        { system: 'phone', value: 'not a phone' },
        { system: 'vn-cccd', value: '079 085 001 234' },
        { system: 'vn-cccd', value: '001190000017' },
      ],
    };
    assert.deepEqual((await checkInOf(subject)).told, [
      422,
      [
        ['/subject/identifiers/1/value', 'invalid-phone'],
        ['/subject/identifiers/2/value', 'invalid-value'],
      ],
    ]);
  });

  it("takes a visitor's passport of digits alone with a foreign nationality, and refuses it with none (more likely a CMND under the wrong type)", async () => {
    const visitor = { identifiers: [{ system: 'passport', value: '505 123 456' }], fullName: 'John Smith', birthDate: '1980-01-02' };
    assert.equal((await checkInOf({ ...visitor, nationality: 'US' })).res.status, 201);
    assert.deepEqual((await checkInOf(visitor)).told, [422, [['/subject/identifiers/0/value', 'invalid-document']]]);
  });

  it('refuses a check-in naming a second identifier of any system (phones, passports, CMNDs, platform ids): one person at the door, one of each', async () => {
    const subject = {
      identifiers: [
        { system: 'phone', value: '0912 345 678' },
        { system: 'passport', value: 'C1234567' },
        { system: 'phone', value: '+84912345678' },
        { system: 'phone', value: '0987 654 321' },
        { system: 'passport', value: 'B7654321' },
        { system: 'vn-cmnd', value: '025123456' },
        { system: 'zalo', value: '8412345678901234567' },
        { system: 'zalo', value: '8412345678901234568' },
      ],
      fullName: 'Trần Thị Bích Ngọc',
      birthDate: '1990-04-12',
    };
    const { res, told } = await checkInOf(subject);
    assert.deepEqual(told, [
      422,
      [
        // The same phone written twice is only repeated: not a second one.
        ['/subject/identifiers/3/value', 'invalid-value'],
        ['/subject/identifiers/4/value', 'invalid-value'],
        ['/subject/identifiers/7/value', 'invalid-value'],
      ],
    ]);
    assert.match(res.body.errors[0].message, /second identifier of its system/);
  });

  it("refuses a body that is not an event with the one reason at its root, and a missing member in a check-in's own words", async () => {
    for (const body of [[1, 2], 'Nguyễn Văn An', 42]) {
      const res = await post(body);
      assert.deepEqual([res.status, res.body.errors], [422, [{ pointer: '', code: 'wrong-type', message: 'must be of type object' }]]);
    }
    const missing = await post({ venue: market.venueId, direction: 'in', subject: an.qr });
    assert.deepEqual(missing.body.errors, [{ pointer: '/at', code: 'missing', message: 'is required' }]);
  });

  it("refuses a citizen's revoked QR, yet answers an event recorded before the revocation as recorded when it is sent again", async () => {
    const other = await gw.gateway.ingest.ingestNative('tokhaiyte', goldenNative('tokhaiyte', '03'));
    assert.ok(other.ok && other.citizen);
    const recorded = { venue: market.venueId, direction: 'in', at: '2021-08-16T09:00:00+07:00', subject: other.citizen.qr };
    const first = await post(recorded);
    assert.equal(first.status, 201);
    const revoked = await gw.call('POST', `/v1/citizens/${other.citizen.citizenId}/qr/revoke`, {
      route: '/v1/citizens/{citizenId}/qr/revoke',
    });
    assert.equal(revoked.status, 200);
    // The client's retry of the event it sent before the revocation: the same answer, nothing new.
    const retried = await post(recorded);
    assert.deepEqual([retried.status, retried.body], [200, first.body]);
    const res = await post({ ...recorded, at: '2021-08-16T10:00:00+07:00' });
    assert.deepEqual(
      res.body.errors.map((e: any) => [e.pointer, e.code]),
      [['/subject', 'qr-revoked']],
    );
    // An event the citizen's new code recorded is not the old code's to see, the same event though it be.
    const byNewCode = await post({ ...recorded, at: '2021-08-16T11:00:00+07:00', subject: revoked.body.qr });
    assert.equal(byNewCode.status, 201);
    const byOldCode = await post({ ...recorded, at: '2021-08-16T11:00:00+07:00' });
    assert.deepEqual([byOldCode.status, byOldCode.body.errors?.[0]?.code], [422, 'qr-revoked']);
  });

  it("never changes a citizen's checkpoint status: a check-in is not a health declaration", async () => {
    const verify = async () => {
      const { checkedAt: _at, ...answer } = (await gw.call('POST', '/v1/verify', { body: { qr: an.qr } })).body;
      return answer;
    };
    const before = await verify();
    await post({ venue: market.venueId, direction: 'in', at: '2021-08-16T11:00:00+07:00', subject: an.qr });
    assert.deepEqual(await verify(), before);
  });

  it('takes a batch of check-ins as NDJSON, one answer a line in order, then the summary', async () => {
    const lines = [
      { venue: ward.venueId, direction: 'in', at: '2021-08-13T07:00:00+07:00', subject: AN_BY_CCCD },
      { venue: ward.venueId, direction: 'sideways', at: '2021-08-13T07:00:00+07:00', subject: AN_BY_CCCD },
      { venue: ward.venueId, direction: 'in', at: '2021-08-13T07:00:00+07:00', subject: AN_BY_CCCD },
    ];
    const res = await gw.call('POST', '/v1/checkins:batch', {
      raw: `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      token: gw.token(['checkins:write']),
    });
    assert.equal(res.status, 200);
    const answers = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      answers.map((a) => a.status ?? a.summary),
      ['created', 'refused', 'replayed', 'refused', { records: 4, created: 1, replayed: 1, refused: 2, conflict: 0, failed: 0 }],
    );
    assert.deepEqual(answers[2].stay, answers[0].stay);
  });

  it('counts check-ins by mode and result, and stays closed by where their end came from, with no venue or person in a label', async () => {
    // Its own events, so that it holds whatever ran before it: a staff scan in, and the citizen's check-out.
    const metric = async () => (await gw.call('GET', '/metrics', { token: null })).text;
    const count = (text: string, series: string) => Number(text.match(new RegExp(`^${series} (\\d+)`, 'm'))?.[1] ?? 0);
    const [created, manual] = ['vnhc_checkins_total{mode="staff-scan",result="created"}', 'vnhc_stays_closed_total{out_source="manual"}'];
    const before = await metric();
    const event = { venue: market.venueId, at: '2021-08-12T15:00:00+07:00', subject: an.qr };
    assert.equal((await post({ ...event, direction: 'in', mode: 'staff-scan' })).status, 201);
    assert.equal((await post({ ...event, direction: 'out', at: '2021-08-12T15:30:00+07:00' })).status, 201);
    const metrics = await metric();
    assert.equal(count(metrics, created.replace(/[{}]/g, '\\$&')), count(before, created.replace(/[{}]/g, '\\$&')) + 1);
    assert.equal(count(metrics, manual.replace(/[{}]/g, '\\$&')), count(before, manual.replace(/[{}]/g, '\\$&')) + 1);
    assert.match(metrics, /vnhc_checkins_total\{mode="staff-scan",result="created"\} [1-9]/);
    assert.match(metrics, /vnhc_stays_closed_total\{out_source="manual"\} [1-9]/);
    assert.doesNotMatch(metrics, /ven_|cit_/);
  });

  it("records who read a citizen's stays in tracing's audit trail, for the supervisors who audit it", async () => {
    const read = await gw.call('GET', `/v1/citizens/${an.citizenId}/stays`, {
      route: STAYS,
      token: gw.token(['citizens:read'], 'so-y-te-hcm-doi-3'),
    });
    assert.equal(read.status, 200);
    const trail = await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], 'giam-sat-cdc-hcm') });
    const entry = trail.body.entries.find((e: { requestId: string }) => e.requestId === read.headers.get('x-request-id'));
    assert.deepEqual(
      { action: entry?.action, actor: entry?.actor, citizenId: entry?.citizenId },
      { action: 'citizen-stays', actor: 'so-y-te-hcm-doi-3', citizenId: an.citizenId },
    );
  });

  it('answers 404 for the stays of a citizen the gateway does not know', async () => {
    const res = await gw.call('GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/stays', { route: STAYS });
    assert.equal(res.status, 404);
  });
});
