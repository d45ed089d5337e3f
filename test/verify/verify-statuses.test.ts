import assert from 'node:assert/strict';
import { SIMULATORS } from '../../adapters/simulators';
import type { SyntheticCitizen } from '../../gateway/sandbox/synthetic-citizens';
import type { ScanRead } from '../../gateway/store/gateway-store';
import { SandboxFixture } from '../support/sandbox-fixture';
import { describeOnEveryStore } from '../support/stores';

const HOUR = 3_600_000;

/** A person of the test's own, declared on the platforms given (serials far above the seeded ones). */
function person(serial: number, change: Partial<SyntheticCitizen> = {}): SyntheticCitizen {
  return {
    serial,
    fullName: 'Trương Thị Hồng',
    asciiName: 'TRUONG THI HONG',
    sex: 'female',
    birthDate: '1988-06-15',
    provinceCode: '79',
    cccd: `079188${String(900000 + serial)}`,
    phone: `+849${String(80000000 + serial)}`,
    bluezoneId: `BZT${serial}X`,
    zaloUserId: `84${String(9000000000000000 + serial).padStart(17, '0')}`,
    riskLevel: 'NONE',
    symptoms: [],
    platforms: ['tokhaiyte'],
    ...change,
  };
}

/** Every status of the checkpoint policy, each from the data that should produce it, scanned over HTTP. */
describeOnEveryStore('verify: the checkpoint statuses', function (store) {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ env: store.env, citizens: 10 });
  });
  after(() => f?.stop());

  /** Puts a person's record on a platform (as if they declared there `hoursAgo`) and scans that platform's code. */
  const declareAndScan = async (
    instance: string,
    who: SyntheticCitizen,
    hoursAgo: number,
    qrOf: (r: any) => string,
    change: (r: any) => void = () => {},
  ) => {
    const platform = instance.startsWith('smartcity') ? 'smartcity' : instance;
    const record = SIMULATORS[platform as never as 'tokhaiyte'].recordFor(
      who,
      f.simulator(instance).instance,
      new Date(Date.now() - hoursAgo * HOUR),
    ) as any;
    change(record);
    await f.addRecords(instance, record);
    return f.scan(qrOf(record));
  };
  const tkyt = (r: any) => `TKYT:${r.ma_to_khai}`;
  const codes = (body: any) => body.reasons.map((r: { code: string }) => r.code);

  it('is green for a clean declaration made today', async () => {
    const res = await declareAndScan('tokhaiyte', person(9001), 2, tkyt);
    assert.equal(res.body.status, 'green');
    assert.deepEqual(codes(res.body), ['recent-declaration']);
  });

  it('is yellow for a cough declared today', async () => {
    const res = await declareAndScan('tokhaiyte', person(9002, { symptoms: ['cough'] }), 2, tkyt);
    assert.equal(res.body.status, 'yellow');
    assert.deepEqual(codes(res.body), ['symptoms']);
  });

  it('is yellow when the newest declaration is ten days old', async () => {
    const res = await declareAndScan('tokhaiyte', person(9003), 240, tkyt);
    assert.deepEqual([res.body.status, codes(res.body)], ['yellow', ['stale-declaration']]);
  });

  it('is yellow for a passage refused at a checkpoint this morning', async () => {
    const res = await declareAndScan(
      'c06',
      person(9004),
      3,
      (r) => `C06Q:${r.maKhaiBao}`,
      (r) => Object.assign(r, { trangThai: 'TU_CHOI', lyDoTuChoi: 'Lệch thông tin họ tên' }),
    );
    assert.equal(res.body.status, 'yellow');
    assert.ok(codes(res.body).includes('refused-at-checkpoint'));
  });

  it('is red when Bluezone, asked for the same person, says F1', async () => {
    const who = person(9005, { riskLevel: 'F1' });
    await declareAndScan('tokhaiyte', who, 2, tkyt);
    const red = await declareAndScan('bluezone', who, 1, (r) => `BZ:${r.bluezoneId}`);
    assert.equal(red.body.status, 'red');
    assert.ok(codes(red.body).includes('risk-f1'));
  });

  it('is yellow, never green, when a platform answers a record the gateway cannot read (Bluezone saying "f1")', async () => {
    const who = person(9019, { riskLevel: 'NONE' });
    await declareAndScan('tokhaiyte', who, 3, tkyt);
    await declareAndScan('bluezone', who, 2, (r) => `BZ:${r.bluezoneId}`);
    assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'green');
    // Bluezone's newer version for the same device: its level in lower case, outside its schema.
    await declareAndScan(
      'bluezone',
      { ...who, riskLevel: 'F1' },
      1,
      (r) => `BZ:${r.bluezoneId}`,
      (r) => (r.riskLevel = 'f1'),
    );
    const res = await f.scan(await f.unifiedQrOf(who));
    assert.deepEqual([res.body.status, codes(res.body)], ['yellow', ['answer-unreadable']]);
  });

  it('is yellow, never unknown, when the only record found is one the gateway cannot read: a record was found', async () => {
    const res = await declareAndScan(
      'bluezone',
      person(9020, { riskLevel: 'F1' }),
      1,
      (r) => `BZ:${r.bluezoneId}`,
      (r) => (r.riskLevel = 'f1'),
    );
    assert.deepEqual([res.body.status, codes(res.body)], ['yellow', ['answer-unreadable']]);
  });

  it("is red when a platform holds the person's newer record under the CMND they declared with before their CCCD", async () => {
    const who = person(9031, { fullName: 'Đặng Thị Thu'.normalize('NFD'), asciiName: 'DANG THI THU' });
    const cmnd = '025190021';
    await declareAndScan('tokhaiyte', who, 5, tkyt);
    // Her NCOVI record carries the CMND, her phone, name and birth date: it joins her by the phone rule.
    const ncovi = (r: any) => `NCOVI:${r.id}`;
    await declareAndScan('ncovi', who, 4, ncovi, (r) => (r.profile.idNumber = cmnd));
    assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'green');
    // NCOVI's newer record under the CMND: a contact with a confirmed case, not yet seen by the gateway.
    const red = SIMULATORS.ncovi.recordFor(who, f.simulator('ncovi').instance, new Date(Date.now() - HOUR)) as any;
    Object.assign(red, { id: '5a1c0000-0000-4000-8000-0000000c9031' });
    red.profile.idNumber = cmnd;
    red.health.contacts = ['CONFIRMED_CASE'];
    await f.addRecords('ncovi', red);
    f.simulator('ncovi').lookups.clear();
    const res = await f.scan(await f.unifiedQrOf(who));
    assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
    // Asked by each of her documents, one lookup each, each a source of its own.
    assert.deepEqual([...f.simulator('ncovi').lookups.all().keys()].sort(), [
      `/v2/declarations?idNumber=${cmnd}&latest=true`,
      `/v2/declarations?idNumber=${who.cccd}&latest=true`,
    ]);
    assert.deepEqual(
      res.body.sources
        .filter((s: { instance: string }) => s.instance === 'ncovi')
        .map((s: { outcome: string }) => s.outcome)
        .sort(),
      ['answered', 'not-found'],
      'one source for each way: the CMND found her red, the CCCD nothing',
    );
  });

  it("is red when a platform holds a green under the person's CCCD and a newer red under their CMND: each document's newest is weighed", async () => {
    const who = person(9032, { fullName: 'Phạm Minh Tuấn', asciiName: 'PHAM MINH TUAN' });
    const cmnd = '271234561';
    // Her first declaration, with the CMND, and her next, with the CCCD (joined by the phone, name and birth date).
    const tkytCode = (r: any) => `TKYT:${r.ma_to_khai}`;
    await declareAndScan('tokhaiyte', who, 72, tkytCode, (r) =>
      Object.assign(r, { ma_to_khai: 'TKP1000009321', loai_giay_to: 'CMND', so_giay_to: cmnd }),
    );
    await declareAndScan('tokhaiyte', who, 2, tkytCode, (r) => Object.assign(r, { ma_to_khai: 'TKP1000009322' }));
    assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'green');
    // A newer declaration under the CMND, a contact with a sick person, on tokhaiyte only.
    const red = SIMULATORS.tokhaiyte.recordFor(who, f.simulator('tokhaiyte').instance, new Date(Date.now() - HOUR)) as any;
    Object.assign(red, { ma_to_khai: 'TKP1000009323', loai_giay_to: 'CMND', so_giay_to: cmnd });
    red.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = true;
    await f.addRecords('tokhaiyte', red);
    const res = await f.scan(await f.unifiedQrOf(who));
    assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
  });

  it('is red when NCOVI holds a newer red under the phone her NCOVI records were declared with, no document given', async () => {
    const who = person(9033, { fullName: 'Hoàng Thị Lan', asciiName: 'HOANG THI LAN' });
    await declareAndScan('tokhaiyte', who, 5, tkyt);
    const ncovi = (r: any) => `NCOVI:${r.id}`;
    await declareAndScan('ncovi', who, 4, ncovi, (r) => (r.profile.idNumber = null));
    const red = SIMULATORS.ncovi.recordFor(who, f.simulator('ncovi').instance, new Date(Date.now() - HOUR)) as any;
    Object.assign(red, { id: '5a1c0000-0000-4000-8000-0000000c9033' });
    Object.assign(red.profile, { idNumber: null });
    red.health.contacts = ['CONFIRMED_CASE'];
    await f.addRecords('ncovi', red);
    const res = await f.scan(await f.unifiedQrOf(who));
    assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
  });

  it('is red for a declared contact with a confirmed case', async () => {
    const res = await declareAndScan('tokhaiyte', person(9006), 2, tkyt, (r) => (r.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = true));
    assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
  });

  it('is unknown for a well-formed code that no platform and no store knows', async () => {
    assert.equal((await f.scan('NCOVI:00000000-0000-4000-8000-000000000000')).body.status, 'unknown');
  });

  /** A person declared today whose first code an operator revoked: their citizen id, that code, and the code they hold now. */
  const revokedCode = async (serial: number) => {
    const who = person(serial);
    await declareAndScan('tokhaiyte', who, 2, tkyt);
    const citizenId = await f.gw.gateway.store.ownerOf(`vn-cccd:${who.cccd}`);
    const qrOf = async () => (await f.gw.call('GET', `/v1/citizens/${citizenId}/qr`)).body.qr as string;
    const old = await qrOf();
    await f.gw.call('POST', `/v1/citizens/${citizenId}/qr/revoke`);
    return { citizenId, old, current: await qrOf() };
  };

  it('is invalid for a revoked unified code, and names the citizen so the officer can ask for the new one', async () => {
    const { citizenId, old } = await revokedCode(9007);
    const res = await f.scan(old);
    assert.deepEqual([res.body.status, codes(res.body), res.body.citizenId], ['invalid', ['qr-revoked'], citizenId]);
  });

  it("reads none of the citizen's declarations for a revoked code: its citizen's current QR says all there is", async () => {
    const { citizenId, old, current } = await revokedCode(9008);
    const store = f.gw.gateway.store;
    const read = store.citizenForScan;
    const reads: ScanRead[] = [];
    store.citizenForScan = async (...args) => {
      const held = await read.apply(store, args);
      reads.push(held);
      return held;
    };
    try {
      assert.deepEqual(codes((await f.scan(old)).body), ['qr-revoked']);
      assert.equal((await f.scan(current)).body.status, 'green');
    } finally {
      store.citizenForScan = read;
    }
    assert.deepEqual(
      reads.map((r) => [r.profile?.citizenId, r.latest?.length]),
      [
        [citizenId, undefined],
        [citizenId, 1],
      ],
    );
  });

  describe("a platform code and the platforms' live answers weigh the whole citizen", () => {
    afterEach(() => f.restore());

    it("is red for a platform code whose platform is down when Bluezone has since said F1: the stored record's citizen decides, not the platform's last answer alone", async () => {
      const who = person(9011, { riskLevel: 'F1' });
      const declared = await declareAndScan('tokhaiyte', who, 2, tkyt);
      assert.equal(declared.body.status, 'green');
      await declareAndScan('bluezone', who, 1, (r) => `BZ:${r.bluezoneId}`);
      await f.faults('tokhaiyte', { down: true });
      const res = await f.scan(tkyt(f.simulator('tokhaiyte').records.all().at(-1)));
      assert.deepEqual([res.body.status, codes(res.body)], ['red', ['risk-f1']]);
      assert.deepEqual(res.body.sources[0], { ...res.body.sources[0], instance: 'tokhaiyte', stale: true });
      // Asked once: a second call to a platform that just failed would fail too, and count twice against its breaker.
      assert.equal(res.body.sources.filter((s: { instance: string }) => s.instance === 'tokhaiyte').length, 1);
    });

    it("is red for a platform code whose platform is down when that platform's last answer for the citizen was F1, as the unified code is", async () => {
      const who = person(9021);
      await declareAndScan('tokhaiyte', who, 3, tkyt);
      const device = await declareAndScan('bluezone', who, 2, (r) => `BZ:${r.bluezoneId}`);
      assert.equal(device.body.status, 'green');
      // Bluezone's newer version says F1, heard live at a unified scan (not stored), then Bluezone goes down.
      const f1 = SIMULATORS.bluezone.recordFor(
        { ...who, riskLevel: 'F1' },
        f.simulator('bluezone').instance,
        new Date(Date.now() - HOUR),
      ) as any;
      await f.addRecords('bluezone', f1);
      assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'red');
      await f.faults('bluezone', { down: true });
      const res = await f.scan(`BZ:${f1.bluezoneId}`);
      assert.deepEqual([res.body.status, codes(res.body)], ['red', ['risk-f1']]);
      assert.ok(res.body.sources.some((s: { instance: string; stale: boolean }) => s.instance === 'bluezone' && s.stale));
    });

    it("keeps a record sent with the citizen's CCCD and another name flagged when its platform answers live: yellow, and the officer sees the citizen's own name", async () => {
      const who = person(9012);
      await declareAndScan('tokhaiyte', who, 3, tkyt);
      const other = { ...who, fullName: 'Lê Văn Tám'.normalize('NFD'), asciiName: 'LE VAN TAM', phone: '+84911111111' };
      const record = SIMULATORS.ncovi.recordFor(other, f.simulator('ncovi').instance, new Date(Date.now() - HOUR));
      await f.addRecords('ncovi', record);
      const sent = await f.gw.call('POST', '/v1/sources/ncovi/declarations', { body: record });
      assert.deepEqual([sent.status, sent.body.declaration.quality.flags], [201, ['name-mismatch']]);
      const res = await f.scan(await f.unifiedQrOf(who));
      assert.ok(res.body.sources.some((s: { instance: string; outcome: string }) => s.instance === 'ncovi' && s.outcome === 'answered'));
      assert.deepEqual([res.body.status, codes(res.body), res.body.person.fullName], ['yellow', ['quality-flag'], who.fullName]);
    });

    /** A tokhaiyte declaration of `who` made `minutesAgo`, sent to the gateway by a partner (its platform not asked for it: it holds none of them). */
    const sent = async (who: SyntheticCitizen, minutesAgo: number, code: string, change: (r: any) => void = () => {}) => {
      const record = SIMULATORS.tokhaiyte.recordFor(
        who,
        f.simulator('tokhaiyte').instance,
        new Date(Date.now() - minutesAgo * 60_000),
      ) as any;
      record.ma_to_khai = code;
      change(record);
      const outcome = await f.gw.gateway.ingest.ingestNative('tokhaiyte', record);
      assert.ok(outcome.ok, JSON.stringify(outcome));
    };
    const cleanDeclarations = async (who: SyntheticCitizen, count: number, code: string) => {
      for (let i = count; i >= 1; i -= 1) await sent(who, i, `${code}${i}`);
    };

    it('stays red for a contact with a confirmed case declared two days ago, after twenty clean declarations since', async () => {
      const who = person(9016, { fullName: 'Đặng Thị Hoà', asciiName: 'DANG THI HOA' });
      await sent(who, 48 * 60, 'TKHOA0', (r) => (r.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = true));
      assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'red');
      await cleanDeclarations(who, 20, 'TKHOA');
      const res = await f.scan(await f.unifiedQrOf(who));
      assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
    });

    it('is never green when more declarations lie within the windows than a scan reads: yellow, saying so', async () => {
      const who = person(9017);
      await cleanDeclarations(who, 501, 'TKMANY');
      const res = await f.scan(await f.unifiedQrOf(who));
      assert.deepEqual([res.body.status, codes(res.body)], ['yellow', ['declarations-unweighed']]);
    });

    it("does not answer a mother's code with her son's record, found on NCOVI by the phone they share: her own declaration decides, and her name is shown", async () => {
      const mother = person(9014, { fullName: 'Trần Thị Mai', asciiName: 'TRAN THI MAI', birthDate: '1960-01-01' });
      const son = person(9015, {
        fullName: 'Trần Văn Bình',
        asciiName: 'TRAN VAN BINH',
        birthDate: '1990-05-05',
        sex: 'male',
        phone: mother.phone,
      });
      const ncovi = (who: SyntheticCitizen, hoursAgo: number) => {
        const record = SIMULATORS.ncovi.recordFor(who, f.simulator('ncovi').instance, new Date(Date.now() - hoursAgo * HOUR)) as any;
        record.profile.idNumber = null;
        return record;
      };
      const hers = ncovi(mother, 9 * 24);
      await f.addRecords('ncovi', hers);
      const sent = await f.gw.call('POST', '/v1/sources/ncovi/declarations', { body: hers });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      await f.addRecords('ncovi', ncovi(son, 1));
      const res = await f.scan(sent.body.citizen.qr);
      assert.ok(res.body.sources.some((s: { instance: string; outcome: string }) => s.instance === 'ncovi' && s.outcome === 'answered'));
      assert.deepEqual(
        [res.body.status, codes(res.body), res.body.person],
        ['yellow', ['stale-declaration'], { fullName: 'TRAN THI MAI', birthDate: '1960-01-01', sex: 'female' }],
      );
    });

    it('is red for the platform code of a record past retention when its citizen is red: the citizen its identifiers find decides, as for the unified code', async () => {
      const who = person(9018, { fullName: 'Võ Thị Thu Hà', asciiName: 'VO THI THU HA' });
      // Declared on tokhaiyte longer ago than the tests' retention (GOLDEN_ERA: 3650 days; 28 by default), so never stored;
      // then a contact with a confirmed case an hour ago.
      const old = SIMULATORS.tokhaiyte.recordFor(who, f.simulator('tokhaiyte').instance, new Date(Date.now() - 3651 * 24 * HOUR)) as any;
      await f.addRecords('tokhaiyte', old);
      await sent(who, 60, 'TKTHUHA1', (r) => (r.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = true));
      const unified = await f.scan(await f.unifiedQrOf(who));
      assert.deepEqual([unified.body.status, codes(unified.body)], ['red', ['confirmed-case-contact']]);
      const res = await f.scan(tkyt(old));
      assert.equal(await f.gw.gateway.store.storedRecord('tokhaiyte', old.ma_to_khai), undefined);
      assert.deepEqual([res.body.status, codes(res.body)], ['red', ['confirmed-case-contact']]);
      assert.equal(res.body.person, undefined, 'a platform code names nobody');
    });

    it("asks a platform code's own platform for the citizen's newest record too: a cough declared there since makes it yellow, as the unified code is", async () => {
      const who = person(9013);
      const first = SIMULATORS.tokhaiyte.recordFor(who, f.simulator('tokhaiyte').instance, new Date(Date.now() - 72 * HOUR)) as any;
      await f.addRecords('tokhaiyte', first);
      assert.equal((await f.scan(tkyt(first))).body.status, 'green');
      await declareAndScan('tokhaiyte', { ...who, symptoms: ['cough', 'fever'] }, 1, tkyt, (r) => (r.ma_to_khai = `${first.ma_to_khai}B`));
      const res = await f.scan(tkyt(first));
      assert.deepEqual([res.body.status, codes(res.body)], ['yellow', ['symptoms']]);
      assert.equal((await f.scan(await f.unifiedQrOf(who))).body.status, 'yellow');
    });
  });
});
