import assert from 'node:assert/strict';
import { createAdapterRegistry } from '../../adapters';
import { declarationIdFor } from '../../gateway/domain/declaration-id';
import { formatIct } from '../../gateway/normalize/dates';
import { goldenNative } from '../support/mapping';
import { SandboxFixture } from '../support/sandbox-fixture';
import { describeOnEveryStore } from '../support/stores';

/**
 * A Zalo submission id is unique within its account (`ZLHD:{oa_id}:{submission_id}`, the lookup
 * `/oa/{oa_id}/forms/{submission_id}`): two provincial accounts may each have a submission 1234,
 * two records of two people. Before, the gateway keyed a record by its submission id alone: the
 * second account's was refused as a conflict, and a scan of its code answered the first person.
 */
const STAYS = '/v1/citizens/{citizenId}/stays';

describeOnEveryStore('verify: a platform code whose record id is unique only within its account', function (store) {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ env: store.env });
  });
  after(() => f?.stop());
  afterEach(() => f.restore());

  let serial = 0;
  /** The same submission id under two accounts: Bình in Quảng Nam with fever and a contact, Hùng in Hà Nam well. */
  const twoAccounts = () => {
    serial += 1;
    const submissionId = `73019283746501${90000 + serial}`;
    const submittedAt = Math.floor(Date.now() / 1000) - 2 * 3600;
    const binh = {
      submission_id: submissionId,
      oa_id: 'congan.quangnam',
      zalo_user_id: `84123456789012${30000 + serial}`,
      submitted_at: submittedAt,
      answers: [
        { label: 'Họ và tên', value: 'Trần Thị Bình' },
        { label: 'Ngày sinh', value: '05/11/1990' },
        { label: 'Số CMND/CCCD', value: `04919000${String(1000 + serial)}` },
        { label: 'Triệu chứng', value: 'Sốt, ho' },
        { label: 'Tiếp xúc với ca bệnh', value: 'Có' },
      ],
    };
    const hung = {
      submission_id: submissionId,
      oa_id: 'congan.hanam',
      zalo_user_id: `84987654321098${30000 + serial}`,
      submitted_at: submittedAt,
      answers: [
        { label: 'HỌ VÀ TÊN', value: 'Nguyễn Văn Hùng'.normalize('NFD') },
        { label: 'Ngày sinh', value: '2/9/1988' },
        { label: 'Số CMND/CCCD', value: `03508800${String(1000 + serial)}` },
        { label: 'Triệu chứng', value: 'Không' },
        { label: 'Tiếp xúc với ca bệnh', value: 'Không' },
      ],
    };
    return { binh, hung, codeOf: (r: typeof binh) => `ZLHD:${r.oa_id}:${r.submission_id}` };
  };
  const ingest = (record: unknown) => f.gw.call('POST', '/v1/sources/zalo/declarations', { body: record });

  it("stores two accounts' submissions of one id as two records, and scans each code to its own person's status", async () => {
    const { binh, hung, codeOf } = twoAccounts();
    await f.addRecords('zalo', [binh, hung]);
    const [first, second] = [await ingest(binh), await ingest(hung)];
    assert.deepEqual([first.status, second.status], [201, 201], JSON.stringify(second.body));
    assert.notEqual(first.body.declaration.declarationId, second.body.declaration.declarationId);
    assert.notEqual(first.body.citizen.citizenId, second.body.citizen.citizenId);

    const answered = [(await f.scan(codeOf(binh))).body, (await f.scan(codeOf(hung))).body];
    assert.deepEqual(
      answered.map((a) => [a.status, a.sources[0].outcome]),
      [
        ['red', 'answered'],
        ['green', 'answered'],
      ],
    );
    // Zalo down: each code is answered from the record the gateway stored for it, never the other account's.
    await f.faults('zalo', { down: true });
    const stored = [(await f.scan(codeOf(binh))).body, (await f.scan(codeOf(hung))).body];
    assert.deepEqual(
      stored.map((a) => a.status),
      ['red', 'green'],
    );
    assert.ok(stored.every((a) => a.sources[0].outcome !== 'answered'));
  });

  it('takes a record stored before ids carried the account as that record: sent again it is a replay, and its code still finds it', async () => {
    const { binh, hung, codeOf } = twoAccounts();
    // Bình's submission as an earlier release stored it: under the id of its submission id alone.
    const mapped = createAdapterRegistry(f.gw.config.instances).get('zalo')!.toCanonical(binh, formatIct(new Date()));
    assert.ok(mapped.ok);
    const before = { ...mapped.declaration, declarationId: declarationIdFor('zalo', binh.submission_id) };
    const stored = await f.gw.gateway.ingest.ingestMapped(before);
    assert.ok(stored.ok && stored.created && stored.citizen);

    const again = await ingest(binh);
    assert.deepEqual([again.status, again.body.declaration.declarationId], [200, before.declarationId]);
    assert.equal((await f.gw.gateway.store.latestDeclarations(stored.citizen.citizenId, 20)).length, 1, 'no second copy of it');
    // Another account's submission of the same id is another record: created, not a conflict with Bình's.
    assert.equal((await ingest(hung)).status, 201);

    await f.faults('zalo', { down: true });
    assert.deepEqual([(await f.scan(codeOf(binh))).body.status, (await f.scan(codeOf(hung))).body.status], ['red', 'green']);
    // A third account's code of that id, stored nowhere: nothing could be read, never Bình's record.
    const third = (await f.scan(`ZLHD:congan.haiduong:${binh.submission_id}`)).body;
    assert.deepEqual([third.status, third.reasons.map((r: { code: string }) => r.code)], ['unknown', ['sources-unreachable']]);
  });

  it('weighs the citizen of a record stored before ids carried the account when Zalo now answers it otherwise (a conflict): never the answer alone', async () => {
    const { hung, codeOf } = twoAccounts();
    // Hùng's clean form, as an earlier release stored it: under its submission id alone.
    const mapped = createAdapterRegistry(f.gw.config.instances).get('zalo')!.toCanonical(hung, formatIct(new Date()));
    assert.ok(mapped.ok);
    const stored = await f.gw.gateway.ingest.ingestMapped({
      ...mapped.declaration,
      declarationId: declarationIdFor('zalo', hung.submission_id),
    });
    assert.ok(stored.ok && stored.citizen);
    // His newer declaration on the Ministry's site: a contact with a sick person, so he is red.
    const [date, time] = formatIct(new Date(Date.now() - 3600_000)).split('T') as [string, string];
    const [year, month, day] = date.split('-');
    const ministry = goldenNative('tokhaiyte', '01');
    const red = {
      ...ministry,
      ma_to_khai: `TK2611${String(90000000 + serial)}`,
      ho_ten: 'Nguyễn Văn Hùng',
      nam_sinh: 1988,
      so_giay_to: hung.answers[2]!.value,
      dien_thoai: '0226 385 1234',
      thoi_gian_khai_bao: `${day}/${month}/${year} ${time.slice(0, 5)}`,
      tiep_xuc_14_ngay: { ...ministry.tiep_xuc_14_ngay, nguoi_benh_hoac_nghi_ngo: true },
    };
    const pushed = await f.gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      body: red,
      route: '/v1/sources/{instance}/declarations',
    });
    assert.deepEqual([pushed.status, pushed.body.citizen?.citizenId], [201, stored.citizen.citizenId], JSON.stringify(pushed.body));
    // Zalo now answers his form with an address he added: the same record id, another record.
    await f.addRecords('zalo', { ...hung, answers: [...hung.answers, { label: 'Địa chỉ', value: '12 Trần Phú, Phủ Lý' }] });
    const scan = (await f.scan(codeOf(hung))).body;
    assert.deepEqual([scan.status, scan.sources[0].outcome], ['red', 'answered'], JSON.stringify(scan.reasons));
  });

  it("checks in each account's code as its own person, both scanned at one gate in the same minute", async () => {
    const { binh, hung, codeOf } = twoAccounts();
    const [first, second] = [await ingest(binh), await ingest(hung)];
    const venue = (
      await f.gw.call('POST', '/v1/venues', {
        body: { name: 'Chợ Tam Kỳ', kind: 'permanent', address: { province: '49', line: '1 Phan Bội Châu, Tam Kỳ' } },
      })
    ).body;
    // The gate's scanner writes whole minutes: the same minute for both.
    const minute = formatIct(new Date(Math.floor((Date.now() - 3600_000) / 60_000) * 60_000));
    const gate = (subject: string) =>
      f.gw.call('POST', '/v1/checkins', {
        body: { venue: venue.venueId, direction: 'in', at: minute, subject, mode: 'staff-scan' },
        token: f.gw.token(['checkins:write']),
      });
    const [binhIn, hungIn] = [await gate(codeOf(binh)), await gate(codeOf(hung))];
    assert.deepEqual([binhIn.status, hungIn.status], [201, 201]);
    assert.notEqual(hungIn.body.stay.stayId, binhIn.body.stay.stayId, "Hùng's check-in was answered as Bình's");
    // A gate app that sends both under one event id of its own: the second is a conflict, never Bình's stay.
    const event = (subject: string) =>
      f.gw.call('POST', '/v1/checkins', {
        body: {
          venue: venue.venueId,
          direction: 'out',
          at: minute,
          subject,
          mode: 'staff-scan',
          source: { instance: 'gate-app', eventId: `evt-${serial}` },
        },
        token: f.gw.token(['checkins:write']),
      });
    assert.deepEqual([(await event(codeOf(binh))).status, (await event(codeOf(hung))).status], [201, 409]);
    // A platform code's check-in answer names nobody: each person's stays say whose each is.
    const staysOf = async (citizenId: string) =>
      (await f.gw.call('GET', `/v1/citizens/${citizenId}/stays`, { route: STAYS, token: f.gw.token(['citizens:read']) })).body.stays.map(
        (s: { stayId: string }) => s.stayId,
      );
    assert.deepEqual(
      [await staysOf(first.body.citizen.citizenId), await staysOf(second.body.citizen.citizenId)],
      [[binhIn.body.stay.stayId], [hungIn.body.stay.stayId]],
    );
  });

  /** One person's Zalo forms: under an account, a submission id, how long ago, whether they met a case. */
  const formsOf =
    (person: { user: string; name: string; birth: string; document: string }) =>
    (oa: string, submissionId: string, hoursAgo: number, contact: string) => ({
      submission_id: submissionId,
      oa_id: oa,
      zalo_user_id: person.user,
      submitted_at: Math.floor(Date.now() / 1000) - Math.round(hoursAgo * 3600),
      answers: [
        { label: 'Họ tên', value: person.name },
        { label: 'Ngày sinh', value: person.birth },
        { label: 'Số giấy tờ tùy thân', value: person.document },
        { label: 'Tiếp xúc với ca bệnh', value: contact },
      ],
    });

  it('asks Zalo under each account a citizen wrote to: a newer red form under an older account is not hidden by a newer account', async () => {
    serial += 1;
    const form = formsOf({
      user: `84555666777888${30000 + serial}`,
      name: 'Phạm Thị Thu Hà',
      birth: '17/04/1993',
      document: `03519300${String(1000 + serial)}`,
    });
    // She wrote to Hà Nam's police two days ago and to the national account an hour ago, both clean:
    const inHaNam = form('congan.hanam', `8801${serial}`, 48, 'Không');
    const national = form('phongchongcorona', `8802${serial}`, 1, 'Không');
    await f.addRecords('zalo', [inHaNam, national]);
    const first = await ingest(inHaNam);
    assert.equal((await ingest(national)).status, 201);
    // ...and five minutes ago to Hà Nam's again, a contact with a case: on Zalo only, never pushed to the gateway.
    await f.addRecords('zalo', form('congan.hanam', `8803${serial}`, 5 / 60, 'Có'));
    const scan = (await f.scan(first.body.citizen.qr)).body;
    assert.equal(scan.status, 'red', JSON.stringify(scan.reasons));
    assert.deepEqual(
      scan.sources.filter((s: { instance: string }) => s.instance === 'zalo').map((s: { outcome: string }) => s.outcome),
      ['answered', 'answered'],
    );
  });

  it('asks Zalo under an account a citizen wrote to only on forms older than those a scan reads: the citizen keeps it', async () => {
    serial += 1;
    const form = formsOf({
      user: `84555666777999${30000 + serial}`,
      name: 'Đặng Văn Lâm',
      birth: '14/08/1993',
      document: `03509300${String(1000 + serial)}`,
    });
    // He wrote to Hà Nam's police sixteen days ago, past the policy's fourteen days, then twenty
    // times to the national account: a scan reads his newest twenty, none of them Hà Nam's.
    const inHaNam = form('congan.hanam', `8901${serial}`, 16 * 24, 'Không');
    const national = Array.from({ length: 20 }, (_, i) => form('phongchongcorona', `89${100 + i}${serial}`, 20 - i, 'Không'));
    await f.addRecords('zalo', [inHaNam, ...national]);
    const first = await ingest(inHaNam);
    for (const record of national) assert.equal((await ingest(record)).status, 201);
    // ...and five minutes ago to Hà Nam's again, a contact with a case: on Zalo only.
    await f.addRecords('zalo', form('congan.hanam', `8999${serial}`, 5 / 60, 'Có'));
    const scan = (await f.scan(first.body.citizen.qr)).body;
    assert.equal(scan.status, 'red', JSON.stringify(scan.reasons));
    assert.deepEqual(
      scan.sources.filter((s: { instance: string }) => s.instance === 'zalo').map((s: { outcome: string }) => s.outcome),
      ['answered', 'answered'],
    );
  });
});
