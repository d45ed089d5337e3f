import assert from 'node:assert/strict';
import { declarationIdFor } from '../../gateway/domain/declaration-id';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const SINGLE = '/v1/sources/{instance}/declarations';

/** A declaration the gateway answered, as a partner would send it in canonical form under `recordId`: without what the gateway sets, and its flags. */
function asCanonical(declaration: { [field: string]: unknown; source: object; subject: object; quality: object }, recordId: string) {
  const { declarationId: _id, ...rest } = declaration;
  const { receivedAt: _r, ...source } = declaration.source as { receivedAt?: string };
  const { citizenId: _c, ...subject } = declaration.subject as { citizenId?: string };
  return { ...rest, source: { ...source, recordId }, subject, quality: { ...declaration.quality, flags: [] } };
}

describeOnEveryStore('ingest API', (store) => {
  // A gateway, and so an empty store, for each test.
  let gw: TestGateway;
  beforeEach(async () => {
    gw = await TestGateway.start(store.env);
  });
  afterEach(() => gw.stop());

  it("answers 201 with the canonical declaration and the citizen's QR for a new record", async () => {
    const res = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
    assert.equal(res.status, 201);
    assert.equal(res.body.declaration.subject.fullName, 'Nguyễn Văn An');
    assert.match(res.body.citizen.citizenId, /^cit_/);
    assert.equal(res.body.declaration.subject.citizenId, res.body.citizen.citizenId);
    assert.match(res.body.citizen.qr, /^VNHC1:/);
  });

  it('answers 200 with the same declaration for a replay of the same source record, and stores nothing twice', async () => {
    const record = goldenNative('tokhaiyte', '02');
    const first = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, route: SINGLE });
    const again = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, route: SINGLE });
    assert.deepEqual([first.status, again.status], [201, 200]);
    assert.equal(again.body.declaration.declarationId, first.body.declaration.declarationId);
    assert.deepEqual(again.body.citizen, first.body.citizen);
    const citizen = await gw.call('GET', `/v1/citizens/${first.body.citizen.citizenId}`);
    assert.equal(citizen.body.declarations.length, 1);
  });

  describe("a record posted under a source id someone else's record holds", () => {
    const stranger = () => ({
      ...goldenNative('tokhaiyte', '04'),
      ho_ten: 'Phạm Thị Thu Hà',
      loai_giay_to: 'CCCD',
      so_giay_to: '031192006789',
      nam_sinh: 1992,
      gioi_tinh: 'Nữ',
      dien_thoai: '0936 112 233',
    });

    /** Trần Thị Bình's record, stored under TK21051000000777: the source id the stranger's record comes under. */
    const storeHolder = async () => {
      const stored = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '03'), route: SINGLE });
      assert.equal(stored.status, 201);
      return stored;
    };

    it('answers 409 that reveals nothing of the stored record: no name, document, phone, citizen or QR', async () => {
      const stored = await storeHolder();
      const guess = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: { ...stranger(), ma_to_khai: 'TK21051000000777' },
        route: SINGLE,
      });
      assert.equal(guess.status, 409);
      assert.match(guess.headers.get('content-type') ?? '', /application\/problem\+json/);
      for (const secret of [
        'Trần Thị Bình',
        '201234567',
        '+84905123456',
        '0905',
        'binh.tran',
        stored.body.citizen.citizenId,
        'VNHC1:',
        'Tam Kỳ',
      ]) {
        assert.ok(!guess.text.includes(secret), `the answer reveals ${secret}`);
      }
    });

    it("claims none of the submitted record's keys: its person is new when the record comes under its own id", async () => {
      await storeHolder();
      const guess = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: { ...stranger(), ma_to_khai: 'TK21051000000777' },
        route: SINGLE,
      });
      assert.equal(guess.status, 409);
      assert.equal(await gw.gateway.store.ownerOf('vn-cccd:031192006789'), undefined, "the refused record's document was claimed");
      const own = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: { ...stranger(), ma_to_khai: 'TK21051000009912' },
        route: SINGLE,
      });
      assert.equal(own.status, 201);
      assert.equal(await gw.gateway.store.ownerOf('vn-cccd:031192006789'), own.body.citizen.citizenId);
    });

    it('still replays the same record sent again, in NFD and with other spacing, with the stored answer', async () => {
      const record = { ...goldenNative('tokhaiyte', '05'), ma_to_khai: 'TK21051000004242' };
      const first = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, route: SINGLE });
      const again = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: { ...record, ho_ten: ` ${record.ho_ten.normalize('NFD')} ` },
        route: SINGLE,
      });
      assert.deepEqual([first.status, again.status], [201, 200]);
      assert.deepEqual(again.body, first.body);
    });
  });

  it('answers 422 problem+json with every reason and its JSON pointer for an unmappable record, storing nothing', async () => {
    const record = {
      ...goldenNative('tokhaiyte', '01'),
      ma_to_khai: 'TK21081500099999',
      thoi_gian_khai_bao: '31/02/2021 07:45',
      dien_thoai: '12345',
    };
    const res = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, route: SINGLE });
    assert.equal(res.status, 422);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.deepEqual(
      res.body.errors.map((e: { pointer: string }) => e.pointer),
      ['/thoi_gian_khai_bao', '/dien_thoai'],
    );
    const fixed = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      body: { ...record, thoi_gian_khai_bao: '15/08/2021 07:45', dien_thoai: '0912345678' },
      route: SINGLE,
    });
    assert.equal(fixed.status, 201);
  });

  it('answers 404 for an instance that is not configured, naming the ones that are', async () => {
    const res = await gw.call('POST', '/v1/sources/vneid/declarations', { body: {}, route: SINGLE });
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /smartcity-hanoi/);
  });

  it('answers 400 for a body that is not JSON, and for an empty body', async () => {
    const bad = await gw.call('POST', '/v1/sources/ncovi/declarations', {
      raw: '{"id": ',
      headers: { 'content-type': 'application/json' },
      route: SINGLE,
    });
    const empty = await gw.call('POST', '/v1/sources/ncovi/declarations', { raw: '', route: SINGLE });
    assert.deepEqual([bad.status, empty.status], [400, 400]);
  });

  it('answers 400 for a body that is not UTF-8 (a name in Latin-1), storing nothing, rather than a name with U+FFFD in it', async () => {
    const native = { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK26112900077001', ho_ten: 'Nguy@@n Lan' };
    const raw = Buffer.from(JSON.stringify(native));
    raw.set([0xea, 0xea], raw.indexOf('@@'));
    const res = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      raw,
      headers: { 'content-type': 'application/json' },
      route: SINGLE,
    });
    assert.deepEqual([res.status, res.body.errors], [400, [{ pointer: '', message: 'not UTF-8' }]]);
    // Declared honestly as Latin-1, it is the charset's 415 first: what it is, before what it holds.
    const declared = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      raw,
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      route: SINGLE,
    });
    assert.equal(declared.status, 415);
    assert.equal(await gw.gateway.store.storedRecord('tokhaiyte', 'TK26112900077001'), undefined);
    const batch = await gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
      raw: Buffer.concat([raw, Buffer.from('\n')]),
      headers: { 'content-type': 'application/x-ndjson' },
      route: '/v1/sources/{instance}/declarations:batch',
    });
    assert.deepEqual(JSON.parse(batch.text.split('\n')[0] as string), {
      line: 1,
      status: 'refused',
      reasons: [{ pointer: '', code: 'bad-format', message: 'this line is not valid UTF-8' }],
    });
  });

  it('answers 413 for a single record over 256 kB', async () => {
    const res = await gw.call('POST', '/v1/sources/ncovi/declarations', { raw: `{"x":"${'a'.repeat(300_000)}"}`, route: SINGLE });
    assert.equal(res.status, 413);
  });

  it('reads a stored declaration back by its id, and answers 404 for an unknown id', async () => {
    const created = await gw.call('POST', '/v1/sources/c06/declarations', { body: goldenNative('c06', '02'), route: SINGLE });
    const id = created.body.declaration.declarationId;
    const read = await gw.call('GET', `/v1/declarations/${id}`);
    assert.deepEqual(read.body, created.body.declaration);
    assert.equal((await gw.call('GET', '/v1/declarations/dcl_0000000000000000000000000z')).status, 404);
  });

  it('keeps an unlinked record, with citizen null and the unlinked flag', async () => {
    const res = await gw.call('POST', '/v1/sources/smartcity-hanoi/declarations', {
      body: goldenNative('smartcity-hanoi', '02'),
      route: SINGLE,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.citizen, null);
    assert.deepEqual(res.body.declaration.quality.flags, ['unlinked']);
  });

  describe('POST /v1/declarations (canonical form)', () => {
    const canonical = async () => {
      const mapped = await gw.call('POST', '/v1/sources/ncovi/declarations', { body: goldenNative('ncovi', '02'), route: SINGLE });
      const { declarationId: _id, ...rest } = mapped.body.declaration;
      const { receivedAt: _r, ...source } = rest.source;
      const { citizenId: _c, ...subject } = rest.subject;
      return { ...rest, source: { ...source, recordId: 'a1b2c3d4-0009-4e5f-8a9b-999999999999' }, subject };
    };

    it('stores a canonical declaration, deriving its id and joining its citizen', async () => {
      const body = await canonical();
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 201);
      assert.match(res.body.declaration.declarationId, /^dcl_/);
      assert.ok(res.body.citizen);
      assert.equal((await gw.call('POST', '/v1/declarations', { body })).status, 200);
    });

    it("flags a passage accepted with a refusal's reason, sent in canonical form, as C06's own mapping flags it", async () => {
      const native = { ...goldenNative('c06', '01'), maKhaiBao: 'C06-79-20210815-900044', lyDoTuChoi: 'Lệch thông tin họ tên' };
      const mapped = await gw.call('POST', '/v1/sources/c06/declarations', { body: native, route: SINGLE });
      assert.deepEqual(mapped.body.declaration.quality.flags, ['checkpoint-decision-unclear']);
      const body = asCanonical(mapped.body.declaration, 'C06-79-20210815-900045');
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.declaration.quality.flags, ['checkpoint-decision-unclear']);
    });

    it("flags a refused checkpoint passage sent in canonical form as C06's own mapping flags it", async () => {
      const mapped = await gw.call('POST', '/v1/sources/c06/declarations', { body: goldenNative('c06', '02'), route: SINGLE });
      assert.ok(mapped.body.declaration.quality.flags.includes('refused-at-checkpoint'));
      const body = asCanonical(mapped.body.declaration, 'C06-79-20210815-900042');
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.ok(res.body.declaration.quality.flags.includes('refused-at-checkpoint'), JSON.stringify(res.body.declaration.quality));
      // Stored before the gateway added the flag (without it), and sent again: the same record, replayed.
      const earlier = { ...body, source: { ...body.source, recordId: 'C06-79-20210815-900043' } };
      const { citizenId: _linked, ...unlinked } = res.body.declaration.subject;
      await gw.gateway.store.writeDeclaration({
        declaration: {
          ...res.body.declaration,
          declarationId: declarationIdFor('c06', earlier.source.recordId),
          source: { ...res.body.declaration.source, recordId: earlier.source.recordId },
          subject: unlinked,
          quality: { ...res.body.declaration.quality, flags: [] },
        },
        keepForMs: 3600_000,
      });
      const again = await gw.call('POST', '/v1/declarations', { body: earlier });
      assert.equal(again.status, 200, JSON.stringify(again.body));
    });

    it('refuses a canonical declaration naming a second CCCD, at its position: one number a person', async () => {
      const body: any = await canonical();
      body.subject.identifiers = [
        { system: 'vn-cccd', value: '001190000017' },
        { system: 'vn-cccd', value: '001190000017' },
        { system: 'vn-cccd', value: '079085001234' },
      ];
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.deepEqual(
        [res.status, res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])],
        [422, [['/subject/identifiers/2', 'invalid-value']]],
      );
    });

    it('refuses a canonical declaration whose ids or version hold a tab or a line break, at each one: an id is printable text', async () => {
      const body: any = await canonical();
      body.source.recordScope = 'congan\thanam';
      body.source.recordVersion = '\ncongan.hanam';
      body.subject.identifiers = [
        { system: 'vn-cccd', value: '001190000017' },
        { system: 'zalo', value: '8499900011120001\tcongan.hanam\tzalo' },
        { system: 'bluezone', value: 'bz-7f3a\n' },
      ];
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.deepEqual(
        [res.status, res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])],
        [
          422,
          [
            ['/source/recordVersion', 'invalid-value'],
            ['/source/recordScope', 'invalid-value'],
            ['/subject/identifiers/1/value', 'invalid-value'],
            ['/subject/identifiers/2/value', 'invalid-value'],
          ],
        ],
      );
    });

    it('refuses a canonical declaration outside the schema, with pointers', async () => {
      const body: any = await canonical();
      body.health.symptoms = ['headache'];
      delete body.declaredAt;
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/declaredAt', '/health/symptoms/0']);
    });

    it('stores a canonical name as a mapper would: in NFC, without the zero-width space and direction mark it came with', async () => {
      const body: any = await canonical();
      const clean = body.subject.fullName.normalize('NFC');
      body.subject.fullName = `\u202A${clean.slice(0, 2)}\u200B${clean.slice(2)}`.normalize('NFD');
      body.source.recordId = 'a1b2c3d4-0010-4e5f-8a9b-999999999999';
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 201);
      assert.equal(res.body.declaration.subject.fullName, clean);
      // Sent again as it was, or with the name clean: the same record, answered as stored.
      assert.equal((await gw.call('POST', '/v1/declarations', { body })).status, 200);
      assert.equal(
        (await gw.call('POST', '/v1/declarations', { body: { ...body, subject: { ...body.subject, fullName: clean } } })).status,
        200,
      );
    });

    it('joins a name copied with zero-width spaces between its words to the same citizen, undisputed: the spaces are word breaks', async () => {
      const body: any = await canonical();
      body.source.recordId = 'a1b2c3d4-0011-4e5f-8a9b-999999999999';
      const clean = await gw.call('POST', '/v1/declarations', { body });
      const copied = {
        ...body,
        source: { ...body.source, recordId: 'a1b2c3d4-0012-4e5f-8a9b-999999999999' },
        subject: { ...body.subject, fullName: body.subject.fullName.normalize('NFC').replaceAll(' ', '\u200B') },
      };
      const res = await gw.call('POST', '/v1/declarations', { body: copied });
      assert.equal(res.status, 201);
      assert.equal(res.body.declaration.subject.fullName, body.subject.fullName.normalize('NFC'));
      assert.equal(res.body.citizen.citizenId, clean.body.citizen.citizenId);
      assert.deepEqual(res.body.declaration.quality.flags, []);
    });

    it("refuses a canonical record of a kind its platform's records never are: a community report under a tokhaiyte id", async () => {
      const body: any = await canonical();
      Object.assign(body, { kind: 'community-report', subject: {} });
      body.source = { ...body.source, platform: 'tokhaiyte', instance: 'tokhaiyte', recordId: 'TK21081500099001' };
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 422);
      assert.deepEqual(
        res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]),
        [['/kind', 'not-allowed']],
      );
    });

    it('refuses a canonical name made only of invisible characters', async () => {
      const body: any = await canonical();
      body.subject.fullName = '\u200B\u200E\uFEFF';
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 422);
      assert.deepEqual(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        ['/subject/fullName'],
      );
    });

    it('refuses a canonical declaration from an instance that is not configured', async () => {
      const body: any = await canonical();
      body.source.instance = 'smartcity-hue';
      const res = await gw.call('POST', '/v1/declarations', { body });
      assert.equal(res.status, 422);
      assert.equal(res.body.errors[0].pointer, '/source/instance');
    });
  });
});
