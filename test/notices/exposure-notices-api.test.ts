import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const DAY = 86_400_000;
const NOTICE = '/v1/exposure-notices/{noticeId}';
/** Officers of Hải Phòng's CDC: one issues, another approves. */
const ISSUER = 'cdc-haiphong-tran-thi-lan';
const APPROVER = 'cdc-haiphong-le-van-hung';
/** 2021: "everyone at the Pari hotel, 2/8A Lê Hồng Phong, Ngô Quyền, on 23-25/3". */
const PARI_WINDOW = { from: '2021-03-23 00:00', to: '2021-03-26 00:00' };
const CASE = 'HP-BN1520';

describeOnEveryStore('exposure notices: the Pari hotel, Hải Phòng, March 2021', function (store) {
  this.timeout(20000);
  let gw: TestGateway;
  let now = new Date('2021-03-27T08:00:00+07:00');
  let pari: { venueId: string };
  let duc: { citizenId: string; qr: string };
  let serial = 0;

  /** Phạm Minh Đức of Lê Chân declares, cleanly, an hour before `now`. */
  const declare = async () => {
    const native = goldenNative('tokhaiyte', '07');
    const at = new Date(now.getTime() - 3_600_000 + 7 * 3_600_000).toISOString();
    native.ma_to_khai = `TK2103270000${String(++serial).padStart(4, '0')}`;
    native.thoi_gian_khai_bao = `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 16)}`;
    native.di_chuyen.ngay_di = at.slice(0, 10);
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(ingested.ok && ingested.citizen);
    return ingested.citizen;
  };
  const scan = async () => (await gw.call('POST', '/v1/verify', { body: { qr: duc.qr }, token: gw.token(['verify']) })).body;
  const issue = (body: object, subject = ISSUER) =>
    gw.call('POST', '/v1/exposure-notices', { body, token: gw.token(['tracing'], subject) });
  const act = (noticeId: string, action: 'approve' | 'withdraw', subject = APPROVER, headers: Record<string, string> = {}) =>
    gw.call('POST', `/v1/exposure-notices/${noticeId}/${action}`, {
      route: `${NOTICE}/${action}`,
      token: gw.token(['tracing', 'tracing:approve'], subject),
      headers,
    });
  const pariNotice = (level = 'close-contact') => ({
    venues: [pari.venueId],
    ...PARI_WINDOW,
    level,
    message: 'Người đã đến Khách sạn Pari, 2/8A Lê Hồng Phong, Ngô Quyền từ 23/3 đến 25/3 liên hệ ngay y tế địa phương',
    caseRef: CASE,
  });

  before(async () => {
    gw = await TestGateway.start(store.env, () => now);
    const registered = await gw.call('POST', '/v1/venues', {
      body: {
        name: 'Khách sạn Pari',
        kind: 'permanent',
        address: { province: 'Hải Phòng', district: 'Ngô Quyền', line: '2/8A Lê Hồng Phong' },
      },
    });
    pari = registered.body;
    duc = await declare();
    // Đức stayed the night of 24/3 at the hotel: staff scanned his code in, he checked out in the morning.
    for (const [direction, at] of [
      ['in', '2021-03-24T20:00:00+07:00'],
      ['out', '2021-03-25T08:00:00+07:00'],
    ])
      assert.equal(
        (
          await gw.call('POST', '/v1/checkins', {
            body: { venue: pari.venueId, direction, at, subject: duc.qr },
            token: gw.token(['checkins:write']),
          })
        ).status,
        201,
      );
  });
  after(() => gw?.stop());

  it('is red for a guest once a second officer approves the close-contact notice, naming the hotel and the window only', async () => {
    assert.equal((await scan()).status, 'green');
    const issued = await issue(pariNotice());
    assert.equal(issued.status, 201);
    assert.match(issued.body.noticeId, /^ntc_[0-9A-Za-z_-]{22}$/);
    assert.equal(issued.body.status, 'pending');
    assert.deepEqual(issued.body.venues, [{ venueId: pari.venueId, name: 'Khách sạn Pari' }]);
    assert.deepEqual([issued.body.from, issued.body.to], ['2021-03-23T00:00:00+07:00', '2021-03-26T00:00:00+07:00']);
    assert.equal((await scan()).status, 'green', 'a pending notice never counts');

    const approved = await act(issued.body.noticeId, 'approve');
    assert.equal(approved.status, 200);
    assert.equal(approved.body.status, 'active');
    assert.equal(approved.body.approvedBy, APPROVER);
    const red = await scan();
    assert.equal(red.status, 'red');
    const exposure = red.reasons.filter((r: { code: string }) => r.code === 'venue-exposure');
    assert.equal(exposure.length, 1);
    assert.match(exposure[0].message, /Khách sạn Pari/);
    assert.match(exposure[0].message, /2021-03-23T00:00:00\+07:00 to 2021-03-26T00:00:00\+07:00/);
    for (const unshown of [CASE, ISSUER, APPROVER, 'Lê Hồng Phong', '20:00']) assert.ok(!JSON.stringify(red.reasons).includes(unshown));

    // Withdrawn: back at once to what the declarations say; and no way back from there.
    const withdrawn = await act(issued.body.noticeId, 'withdraw', ISSUER);
    assert.equal(withdrawn.body.status, 'withdrawn');
    assert.equal((await scan()).status, 'green');
    assert.equal((await act(issued.body.noticeId, 'approve')).status, 409);
    assert.equal((await act(issued.body.noticeId, 'withdraw')).status, 409);
  });

  it('refuses an approval by the officer who issued the notice (403), and a second approval (409)', async () => {
    const issued = await issue(pariNotice());
    const self = await act(issued.body.noticeId, 'approve', ISSUER);
    assert.equal(self.status, 403);
    assert.match(self.headers.get('content-type') ?? '', /problem\+json/);
    // On tracing's trail: the issuer's attempt at their own approval is what its supervisors most need to see.
    const [attempt] = (await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], 'cdc-giam-sat') })).body.entries;
    assert.deepEqual([attempt.action, attempt.actor, attempt.noticeId], ['notice-approve-refused', ISSUER, issued.body.noticeId]);
    assert.equal((await act(issued.body.noticeId, 'approve')).status, 200);
    assert.equal((await act(issued.body.noticeId, 'approve', 'cdc-haiphong-third-officer')).status, 409);
    await act(issued.body.noticeId, 'withdraw');
  });

  it('replays an approval under the same Idempotency-Key, and approves nothing twice', async () => {
    const issued = await issue(pariNotice());
    const key = { 'idempotency-key': `approve-${issued.body.noticeId}` };
    const first = await act(issued.body.noticeId, 'approve', APPROVER, key);
    const again = await act(issued.body.noticeId, 'approve', APPROVER, key);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    await act(issued.body.noticeId, 'withdraw');
  });

  it('is yellow for a monitor notice, and no longer once 15 days have passed since the stay', async () => {
    const issued = await issue(pariNotice('monitor'));
    await act(issued.body.noticeId, 'approve');
    const yellow = await scan();
    assert.equal(yellow.status, 'yellow');
    assert.deepEqual(
      yellow.reasons.map((r: { code: string }) => r.code),
      ['venue-exposure'],
    );
    now = new Date(Date.parse('2021-03-25T08:00:00+07:00') + 15 * DAY);
    await declare();
    const later = await scan();
    assert.equal(later.status, 'green');
    now = new Date('2021-03-27T08:00:00+07:00');
    await act(issued.body.noticeId, 'withdraw');
  });

  it('lists notices newest first, in pages, and reads one by id', async () => {
    const all = await gw.call('GET', '/v1/exposure-notices', { token: gw.token(['tracing']) });
    assert.equal(all.status, 200);
    assert.ok(all.body.notices.length >= 4);
    const first = await gw.call('GET', '/v1/exposure-notices?limit=2', { token: gw.token(['tracing']) });
    const second = await gw.call('GET', `/v1/exposure-notices?limit=2&after=${first.body.next}`, { token: gw.token(['tracing']) });
    assert.deepEqual(
      [...first.body.notices, ...second.body.notices].map((n: { noticeId: string }) => n.noticeId),
      all.body.notices.slice(0, 4).map((n: { noticeId: string }) => n.noticeId),
    );
    const one = await gw.call('GET', `/v1/exposure-notices/${all.body.notices[0].noticeId}`, {
      route: NOTICE,
      token: gw.token(['tracing']),
    });
    assert.deepEqual(one.body, all.body.notices[0]);
    assert.equal(
      (await gw.call('GET', '/v1/exposure-notices/ntc_0000000000000000000000', { route: NOTICE, token: gw.token(['tracing']) })).status,
      404,
    );
    assert.equal((await gw.call('GET', '/v1/exposure-notices?limit=0', { token: gw.token(['tracing']) })).status, 400);
  });

  it("records every issue, approval and withdrawal in tracing's audit trail, with who, the case and the notice", async () => {
    const issued = await issue(pariNotice());
    await act(issued.body.noticeId, 'approve');
    await act(issued.body.noticeId, 'withdraw');
    const audit = await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], APPROVER) });
    const mine = audit.body.entries.filter((e: { noticeId?: string }) => e.noticeId === issued.body.noticeId);
    assert.deepEqual(
      mine.map((e: { action: string; actor: string; caseRef: string }) => [e.action, e.actor, e.caseRef]),
      [
        ['notice-withdraw', APPROVER, CASE],
        ['notice-withdraw-attempt', APPROVER, CASE],
        ['notice-approve', APPROVER, CASE],
        ['notice-approve-attempt', APPROVER, CASE],
        ['notice-issue', ISSUER, CASE],
        ['notice-issue-attempt', ISSUER, CASE],
      ],
    );
  });

  it('records an approval before the store makes it: one the store applied while its answer timed out (a 503) is in the trail', async () => {
    const issued = await issue(pariNotice());
    const notices = gw.gateway.noticeStore;
    const transition = notices.transition.bind(notices);
    notices.transition = async (...args) => {
      await transition(...args);
      throw new StoreUnavailable('Redis did not answer in time');
    };
    try {
      assert.equal((await act(issued.body.noticeId, 'approve')).status, 503);
    } finally {
      notices.transition = transition;
    }
    const one = await gw.call('GET', `/v1/exposure-notices/${issued.body.noticeId}`, { route: NOTICE, token: gw.token(['tracing']) });
    assert.deepEqual([one.body.status, one.body.approvedBy], ['active', APPROVER]);
    const audit = await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], APPROVER) });
    const mine = audit.body.entries.filter((e: { noticeId?: string }) => e.noticeId === issued.body.noticeId);
    assert.deepEqual(
      mine.map((e: { action: string; actor: string }) => [e.action, e.actor]),
      [
        ['notice-approve-attempt', APPROVER],
        ['notice-issue', ISSUER],
        ['notice-issue-attempt', ISSUER],
      ],
    );
  });

  it("puts a refused notice on tracing's trail: who tried, for which case file, and nothing else of the body", async () => {
    const trail = async () =>
      (await gw.call('GET', '/v1/tracing/audit', { token: gw.token(['tracing:approve'], 'cdc-giam-sat') })).body.entries[0];
    // A window of a month to turn everyone at a market red: refused, and its supervisors see the attempt.
    assert.equal((await issue({ ...pariNotice(), from: '2021-02-01 00:00', to: '2021-03-10 00:00' })).status, 422);
    const month = await trail();
    assert.deepEqual([month.action, month.actor, month.caseRef, month.noticeId], ['notice-issue-refused', ISSUER, CASE, undefined]);
    for (const unshown of ['Lê Hồng Phong', '2021-02-01', pari.venueId]) assert.ok(!JSON.stringify(month).includes(unshown), unshown);
    // Written as an issued notice's case file is: without the direction mark and zero-width space it came with.
    assert.equal(
      (await issue({ ...pariNotice(), caseRef: `\u202e${CASE}\u200b `, from: '2021-02-01 00:00', to: '2021-03-10 00:00' })).status,
      422,
    );
    assert.equal((await trail()).caseRef, CASE);
    // A case file out of its shape (past 64 characters) is not written to the trail: the attempt is.
    assert.equal((await issue({ ...pariNotice(), caseRef: 'x'.repeat(65) })).status, 422);
    const long = await trail();
    assert.deepEqual([long.action, long.caseRef], ['notice-issue-refused', undefined]);
  });

  it('refuses an unknown venue, a window backwards, too long or long past, with pointers (422); and without the scope (403)', async () => {
    const refused = await issue({
      ...pariNotice(),
      venues: [pari.venueId, 'ven_AAAAAAAAAAAAAAAAAAAAAA'],
      from: '2021-03-26 00:00',
      to: '2021-03-23 00:00',
    });
    assert.equal(refused.status, 422);
    assert.deepEqual(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/to', '/venues/1']);
    // A venue id out of its shape does not hide what the window says: every reason at once.
    const malformed = await issue({ ...pariNotice(), venues: ['chợ Bến Thành'], from: '2021-03-26 00:00', to: '2021-03-23 00:00' });
    assert.deepEqual(
      malformed.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]),
      [
        ['/venues/0', 'bad-format'],
        ['/to', 'invalid-date'],
      ],
    );
    assert.equal((await issue({ ...pariNotice(), from: '2021-01-01 00:00' })).status, 422);
    assert.equal((await issue({ ...pariNotice(), from: '2021-02-01 00:00', to: '2021-02-10 00:00' })).status, 422);
    assert.equal((await issue({ ...pariNotice(), message: '\u200b \u200b' })).status, 422);
    const noScope = await gw.call('POST', '/v1/exposure-notices', { body: pariNotice(), token: gw.token(['verify']) });
    assert.equal(noScope.status, 403);
    const issued = await issue(pariNotice());
    assert.equal(
      (
        await gw.call('POST', `/v1/exposure-notices/${issued.body.noticeId}/approve`, {
          route: `${NOTICE}/approve`,
          token: gw.token(['tracing'], APPROVER),
        })
      ).status,
      403,
    );
  });
});
