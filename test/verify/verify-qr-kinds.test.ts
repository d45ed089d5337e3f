import assert from 'node:assert/strict';
import { SandboxFixture } from '../support/sandbox-fixture';
import { describeOnEveryStore } from '../support/stores';

/** Scans over real HTTP: the gateway, and the eight simulated platforms on loopback. */
describeOnEveryStore('verify: every kind of QR a checkpoint can scan', function (store) {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ env: store.env });
  });
  after(() => f?.stop());

  const kinds: [string, string, (r: any) => string][] = [
    ['tokhaiyte', 'tokhaiyte', (r) => `TKYT:${r.ma_to_khai}`],
    ['ncovi', 'ncovi', (r) => `NCOVI:${r.id}`],
    ['bluezone', 'bluezone', (r) => `BZ:${r.bluezoneId}`],
    ['zalo', 'zalo', (r) => `ZLHD:${r.oa_id}:${r.submission_id}`],
    ['c06', 'c06', (r) => `C06Q:${r.maKhaiBao}`],
    ['smartcity-hanoi', 'smartcity', (r) => `SC:hanoi:${r.reportId}`],
  ];
  for (const [instance, platform, qrOf] of kinds) {
    it(`resolves a ${instance} platform code to its citizen's status, through that platform, without saying who the person is`, async () => {
      const citizen = f.citizenOn(platform as never);
      const res = await f.scan(qrOf(f.recordOf(instance, citizen)));
      assert.equal(res.status, 200);
      assert.equal(res.body.recognizedAs, instance);
      assert.ok(['green', 'yellow', 'red'].includes(res.body.status), JSON.stringify(res.body.reasons));
      assert.equal(res.body.sources[0].instance, instance);
      assert.equal(res.body.sources[0].outcome, 'answered');
      // A platform id may be sequential: counting through them must not list who the people are.
      assert.deepEqual([res.body.citizenId, res.body.person], [undefined, undefined]);
      for (const personal of [citizen.fullName, citizen.asciiName, citizen.birthDate, citizen.cccd, citizen.phone.slice(-9)]) {
        assert.ok(!res.text.includes(personal), `the answer to a platform code shows ${personal}`);
      }
    });
  }

  it("answers a SmartCity report about someone else (COVID_REPORT) unknown: its symptoms are not its holder's", async () => {
    const citizen = f.citizenOn('smartcity');
    const report = { ...f.recordOf('smartcity-hanoi', citizen), reportId: 'HN-2021-0820-55501', type: 'COVID_REPORT', symptoms: 'sot,ho' };
    await f.addRecords('smartcity-hanoi', report);
    const res = await f.scan(`SC:hanoi:${report.reportId}`);
    assert.deepEqual(
      [res.body.status, res.body.reasons.map((r: { code: string }) => r.code), res.body.sources[0].outcome],
      ['unknown', ['not-a-declaration'], 'answered'],
    );
  });

  it("resolves the unified QR, asking every platform that holds the citizen's records and merging their answers", async () => {
    const citizen = f.citizenOn('tokhaiyte', 'c06', 'bluezone');
    const res = await f.scan(await f.unifiedQrOf(citizen));
    assert.equal(res.body.recognizedAs, 'unified');
    const answered = res.body.sources
      .filter((s: { outcome: string }) => s.outcome === 'answered')
      .map((s: { instance: string }) => s.instance);
    for (const instance of ['tokhaiyte', 'c06', 'bluezone'])
      assert.ok(answered.includes(instance), `${instance} did not answer: ${JSON.stringify(res.body.sources)}`);
    assert.ok(res.body.sources.every((s: { stale: boolean }) => s.stale === false));
  });

  it("reads a unified QR whose prefix a scanner lower-cased, as it reads the platforms' codes", async () => {
    const qr = await f.unifiedQrOf(f.citizenOn('tokhaiyte'));
    const res = await f.scan(`vnhc1:${qr.slice('VNHC1:'.length)}`);
    assert.deepEqual([res.body.recognizedAs, res.body.status === 'invalid'], ['unified', false]);
  });

  it('shows a checkpoint the person behind a unified QR by name, birth date and sex only: no address, travel, plate, identifier or unmapped data', async () => {
    const citizen = f.citizenOn('tokhaiyte', 'ncovi', 'c06');
    const res = await f.scan(await f.unifiedQrOf(citizen));
    // The newest name with diacritics: C06 writes it in capitals, as the citizen's card does.
    const { fullName, ...rest } = res.body.person;
    assert.equal(fullName.toLowerCase(), citizen.fullName.toLowerCase());
    assert.deepEqual(rest, { birthDate: citizen.birthDate, sex: citizen.sex });
    const tokhaiyte = f.recordOf('tokhaiyte', citizen);
    const c06 = f.recordOf('c06', citizen);
    for (const hidden of [
      citizen.cccd,
      citizen.phone.slice(-9),
      tokhaiyte.dia_chi.so_nha,
      c06.hanhTrinh.bienSoXe,
      'HYPERTENSION',
      'unmapped',
      'address',
      'travel',
    ]) {
      assert.ok(!res.text.includes(hidden), `the checkpoint sees ${hidden}`);
    }
  });

  it('answers invalid, never an error, for text that is no QR it knows, and for a forged unified code', async () => {
    const garbage = await f.scan('https://example.vn/khai-bao');
    assert.deepEqual([garbage.body.status, garbage.body.reasons[0].code], ['invalid', 'qr-unrecognized']);
    const real = await f.unifiedQrOf(f.citizenOn('tokhaiyte'));
    const forged = await f.scan(`${real.slice(0, -6)}AAAAAA`);
    assert.deepEqual([forged.body.status, forged.body.reasons[0].code], ['invalid', 'qr-bad-signature']);
  });

  it("tells an officer who scanned a venue's poster that it is a venue's code, not an unknown one", async () => {
    const venue = await f.gw.call('POST', '/v1/venues', {
      body: { name: 'Bến xe Miền Đông', kind: 'permanent', address: { province: '79', line: '292 Đinh Bộ Lĩnh, Bình Thạnh' } },
    });
    const res = await f.scan(venue.body.qr);
    assert.deepEqual([res.body.status, res.body.reasons[0].code], ['invalid', 'qr-venue']);
  });

  it('answers unknown for a well-formed platform code of a record found nowhere', async () => {
    const res = await f.scan('TKYT:TK99999999999999');
    assert.equal(res.body.status, 'unknown');
    assert.equal(res.body.sources[0].outcome, 'not-found');
  });

  it('refuses a scan without the verify scope, and a body without a qr', async () => {
    assert.equal((await f.gw.call('POST', '/v1/verify', { body: { qr: 'BZ:X' }, token: f.gw.token(['citizens:read']) })).status, 403);
    assert.equal((await f.gw.call('POST', '/v1/verify', { body: { checkpointId: 'CHOT-1' } })).status, 400);
  });
});
