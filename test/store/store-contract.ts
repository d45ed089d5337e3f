import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import type { GatewayStore, StoredQr } from '../../gateway/store/gateway-store';
import { goldenNative, mapAccepted } from '../support/mapping';
import { claimOf, KEEP_28_DAYS } from '../support/stores';

/**
 * The store contract: every implementation (memory, Redis, Redis Cluster) passes these same tests.
 * `open` gives a fresh, empty store for each test.
 */
export function storeContract(open: () => GatewayStore): void {
  let store: GatewayStore;
  beforeEach(() => {
    store = open();
  });

  const declaration = (serial: number, declaredAt = '2021-08-15T07:45:00+07:00'): CanonicalDeclaration => {
    const mapped = mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: `TK${String(serial).padStart(14, '0')}` });
    return { ...mapped, declaredAt, subject: { citizenId: 'cit_AAAAAAAAAAAAAAAAAAAAAA', ...mapped.subject } };
  };
  const citizenPart = (citizenId: string, instance = 'tokhaiyte') => ({
    citizenId,
    identifiers: [
      { system: 'phone' as const, value: '+84912345678' },
      { system: 'vn-cccd' as const, value: '079085001234' },
    ],
    nameKey: 'nguyen van an',
    birthDate: '1985',
    instance,
    createdAt: '2021-08-15T07:45:12+07:00',
  });
  const qr = (version: number): StoredQr => ({ text: `VNHC1:v${version}`, version, kid: 'k1', issuedAt: '2021-08-15T07:45:12+07:00' });

  it('gives an identity key to its first claimant, and tells later claimants who holds it', async () => {
    assert.equal(await store.ownerOf('vn-cccd:079085001234'), undefined);
    assert.equal(await store.claim('vn-cccd:079085001234', 'cit_first'), 'cit_first');
    assert.equal(await store.claim('vn-cccd:079085001234', 'cit_second'), 'cit_first');
    assert.equal(await store.ownerOf('vn-cccd:079085001234'), 'cit_first');
  });

  it('lets exactly one of fifty concurrent claimants have a key', async () => {
    const owners = await Promise.all(Array.from({ length: 50 }, (_, i) => store.claim('vn-cccd:001192004567', `cit_${i}`)));
    assert.equal(new Set(owners).size, 1);
  });

  it('lists every citizen holding a phone, once each', async () => {
    await Promise.all([
      store.addPhoneHolder('+84977888999', 'cit_mother'),
      store.addPhoneHolder('+84977888999', 'cit_son'),
      store.addPhoneHolder('+84977888999', 'cit_son'),
    ]);
    assert.deepEqual((await store.phoneHolders('+84977888999')).sort(), ['cit_mother', 'cit_son']);
    assert.deepEqual(await store.phoneHolders('+84900000000'), []);
  });

  it('stores a linked declaration with what it adds to its citizen, and finds it by id', async () => {
    const d = declaration(1);
    assert.deepEqual(await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: d, citizen: citizenPart('cit_A') }), {
      created: true,
      declaration: d,
    });
    assert.deepEqual(await store.getDeclaration(d.declarationId), d);
    const citizen = await store.getCitizen('cit_A');
    assert.deepEqual(
      { ...citizen, qr: undefined },
      {
        citizenId: 'cit_A',
        createdAt: '2021-08-15T07:45:12+07:00',
        identifiers: [
          { system: 'vn-cccd', value: '079085001234' },
          { system: 'phone', value: '+84912345678' },
        ],
        nameKeys: ['nguyen van an'],
        birthDates: ['1985'],
        instances: ['tokhaiyte'],
        qr: undefined,
      },
    );
  });

  it('never stores a declaration twice: a replay returns the first write, unchanged', async () => {
    const first = declaration(2);
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: first, citizen: citizenPart('cit_B') });
    const again = { ...first, declaredAt: '2021-08-16T07:45:00+07:00' };
    assert.deepEqual(
      await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: again, citizen: citizenPart('cit_B', 'ncovi') }),
      {
        created: false,
        declaration: first,
      },
    );
    assert.deepEqual((await store.getCitizen('cit_B'))?.instances, ['tokhaiyte']);
    assert.equal((await store.latestDeclarations('cit_B', 10)).length, 1);
  });

  it('stores an unlinked declaration once, and finds it by id', async () => {
    const d = { ...declaration(3), subject: {} };
    assert.equal((await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: d })).created, true);
    assert.deepEqual(await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: { ...d, kind: 'exposure' } }), {
      created: false,
      declaration: d,
    });
    assert.deepEqual(await store.getDeclaration(d.declarationId), d);
    assert.equal(await store.getDeclaration('dcl_00000000000000000000000000'), undefined);
  });

  it("finds the record a platform's QR names: under its id alone, or a living record's newest version, whatever order its versions came in", async () => {
    const device = (riskLevel: string, updatedAt: string) =>
      mapAccepted('bluezone', { ...goldenNative('bluezone', '01'), bluezoneId: 'BZ5Q8N3WTR', riskLevel, updatedAt });
    const f1 = device('F1', '2021-08-15T01:00:00Z');
    const [older, newer] = [device('NONE', '2021-08-14T01:00:00Z'), device('F0', '2021-08-16T01:00:00Z')];
    // The device's versions: unlinked, then linked to a citizen (a phone only one citizen holds).
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: f1 });
    assert.deepEqual(await store.storedRecord('bluezone', 'BZ5Q8N3WTR'), f1);
    const linked = { ...newer, subject: { citizenId: 'cit_B', ...newer.subject } };
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: linked, citizen: citizenPart('cit_B', 'bluezone') });
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: older });
    assert.deepEqual(await store.storedRecord('bluezone', 'BZ5Q8N3WTR'), linked);
    assert.equal(await store.storedRecord('bluezone', 'BZ0000000000'), undefined);
    // A record without a version is found under its id, as getDeclaration finds it.
    const plain = declaration(4);
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: plain, citizen: citizenPart('cit_A') });
    assert.deepEqual(await store.storedRecord('tokhaiyte', plain.source.recordId), plain);
  });

  it('keeps a declaration as written, whatever a caller does to what it wrote or read', async () => {
    const d = declaration(4);
    const written = structuredClone(d);
    const answer = await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: d, citizen: citizenPart('cit_D') });
    // Reflect.set: a change refused (a frozen copy) or made (a parsed copy of its own), never thrown.
    for (const copy of [
      d,
      answer.declaration,
      await store.getDeclaration(d.declarationId),
      ...(await store.latestDeclarations('cit_D', 1)),
    ]) {
      Reflect.set(copy!.subject, 'fullName', 'Trần Thị Khác');
      Reflect.set(copy!.health!, 'symptoms', ['fever']);
    }
    assert.deepEqual(await store.getDeclaration(d.declarationId), written);
    assert.deepEqual(await store.latestDeclarations('cit_D', 1), [written]);
  });

  it("lists a citizen's declarations newest first, up to the limit, even when written at once", async () => {
    const days = ['10', '14', '12', '11', '13'];
    await Promise.all(
      days.map((day) =>
        store.writeDeclaration({
          keepForMs: KEEP_28_DAYS,
          declaration: declaration(Number(day), `2021-08-${day}T07:00:00+07:00`),
          citizen: citizenPart('cit_C'),
        }),
      ),
    );
    const latest = await store.latestDeclarations('cit_C', 3);
    assert.deepEqual(
      latest.map((d) => d.declaredAt.slice(8, 10)),
      ['14', '13', '12'],
    );
  });

  it("claims a linked write's index keys and phone for its citizen, each key kept by its first holder", async () => {
    await store.claim('zalo:84900000000000000001', 'cit_earlier');
    const index = { keys: ['vn-cccd:079085001234', 'zalo:84900000000000000001'], phone: '+84912345678' };
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: declaration(31), citizen: { ...citizenPart('cit_I'), index } });
    assert.equal(await store.ownerOf('vn-cccd:079085001234'), 'cit_I');
    assert.equal(await store.ownerOf('zalo:84900000000000000001'), 'cit_earlier');
    assert.deepEqual(await store.phoneHolders('+84912345678'), ['cit_I']);
  });

  it('creates a citizen only under a key nobody holds: of twenty concurrent first records of one person, one is written and the others told who holds it', async () => {
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.writeDeclaration({
          keepForMs: KEEP_28_DAYS,
          declaration: declaration(50 + i),
          citizen: {
            ...citizenPart(`cit_new${i}`),
            firstQr: qr(1),
            createdUnder: 'vn-cccd:079085009999',
            index: { keys: [`zalo:8490000000000000${i}`] },
          },
        }),
      ),
    );
    const created = writes.filter((w) => w.created);
    assert.equal(created.length, 1);
    const holder = await store.ownerOf('vn-cccd:079085009999');
    assert.equal(holder, `cit_new${writes.indexOf(created[0]!)}`);
    for (const w of writes.filter((w) => !w.created)) assert.equal(w.heldBy, holder);
    // The losers wrote nothing: no declaration, no index key, no citizen.
    const losers = writes.map((w, i) => ({ w, i })).filter(({ w }) => !w.created);
    for (const { i } of losers) {
      assert.equal(await store.getDeclaration(declaration(50 + i).declarationId), undefined);
      assert.equal(await store.ownerOf(`zalo:8490000000000000${i}`), undefined);
      assert.equal(await store.getCitizen(`cit_new${i}`), undefined);
    }
  });

  it("writes nothing for a new citizen one of whose keys that mean one person (rejoinIfHeld) another holds, and names the holder and the key; without it, the key stays its holder's", async () => {
    // Another first record of the same person, under his phone, name and birth date, came first; the
    // family's Zalo account is his mother's citizen's (a platform id, not checked: not held against him).
    const pnb = 'pnb:+84912345678|nguyen van an|1985-03-12';
    await store.claim(pnb, 'cit_ncovi');
    await store.claim('zalo:84900000000000000078', 'cit_mother');
    const write = (citizenId: string, serial: number, rejoinIfHeld?: string[]) =>
      store.writeDeclaration({
        keepForMs: KEEP_28_DAYS,
        declaration: declaration(serial),
        citizen: {
          ...citizenPart(citizenId),
          createdUnder: 'vn-cccd:079085001234',
          index: { keys: ['zalo:84900000000000000078', 'vn-cmnd:025123456', pnb], phone: '+84912345678' },
          ...(rejoinIfHeld ? { rejoinIfHeld } : {}),
        },
      });
    const refused = await write('cit_c06', 71, ['vn-cccd:079085001234', 'vn-cmnd:025123456', pnb]);
    assert.deepEqual([refused.created, refused.indexHeld, refused.heldBy], [false, { citizenId: 'cit_ncovi', key: pnb }, undefined]);
    // Nothing of it stays: no creation key, no other index key, no phone, no declaration, no citizen.
    assert.deepEqual(
      [
        await store.ownerOf('vn-cccd:079085001234'),
        await store.ownerOf('vn-cmnd:025123456'),
        await store.ownerOf('zalo:84900000000000000078'),
        await store.phoneHolders('+84912345678'),
      ],
      [undefined, undefined, 'cit_mother', []],
    );
    assert.equal(await store.getDeclaration(declaration(71).declarationId), undefined);
    assert.equal(await store.getCitizen('cit_c06'), undefined);
    // Joined again and created after all (the rules joined nobody): the held keys stay their holders'.
    const created = await write('cit_c06', 71);
    assert.deepEqual([created.created, created.indexHeld], [true, undefined]);
    assert.deepEqual(
      [await store.ownerOf('vn-cccd:079085001234'), await store.ownerOf(pnb), await store.ownerOf('zalo:84900000000000000078')],
      ['cit_c06', 'cit_ncovi', 'cit_mother'],
    );
  });

  it("reads a stored declaration with its citizen's current QR, and an unlinked one without any", async () => {
    const linked = { ...declaration(41), subject: { ...declaration(41).subject, citizenId: 'cit_Q' } };
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: linked, citizen: { ...citizenPart('cit_Q'), firstQr: qr(1) } });
    await store.replaceQr('cit_Q', 1, qr(2));
    assert.deepEqual(await store.getDeclarationWithQr(linked.declarationId), { declaration: linked, qr: qr(2) });
    const { citizenId: _none, ...subject } = declaration(42).subject;
    const unlinked = { ...declaration(42), subject };
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: unlinked });
    assert.deepEqual(await store.getDeclarationWithQr(unlinked.declarationId), { declaration: unlinked });
    assert.equal(await store.getDeclarationWithQr('dcl_never'), undefined);
  });

  it('keeps the first QR of a citizen, and replaces it only from the version it expects', async () => {
    await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: declaration(4), citizen: citizenPart('cit_D') });
    assert.deepEqual(await store.ensureQr('cit_D', qr(1)), qr(1));
    assert.deepEqual(await store.ensureQr('cit_D', { ...qr(1), text: 'VNHC1:other' }), qr(1));
    assert.equal(await store.replaceQr('cit_D', 2, qr(3)), undefined);
    assert.deepEqual(await store.replaceQr('cit_D', 1, qr(2)), qr(2));
    assert.deepEqual((await store.getCitizen('cit_D'))?.qr, qr(2));
  });

  it("reads for a scan the citizen's profile with their newest declarations, and leaves the declarations out for a code that is not the current one", async () => {
    const days = ['10', '12', '11'];
    for (const day of days)
      await store.writeDeclaration({
        keepForMs: KEEP_28_DAYS,
        declaration: declaration(60 + Number(day), `2021-08-${day}T07:00:00+07:00`),
        citizen: { ...citizenPart('cit_S'), firstQr: qr(1) },
      });
    await store.replaceQr('cit_S', 1, qr(2));
    const profile = await store.getCitizen('cit_S');
    const latest = await store.latestDeclarations('cit_S', 2);
    assert.equal(latest.length, 2);
    assert.deepEqual(await store.citizenForScan('cit_S', 2, 2), { profile, latest });
    assert.deepEqual(await store.citizenForScan('cit_S', 2), { profile, latest });
    // A revoked code (v1) or one never issued (v3): the profile tells why; the declarations are not read.
    assert.deepEqual(await store.citizenForScan('cit_S', 2, 1), { profile });
    assert.deepEqual(await store.citizenForScan('cit_S', 2, 3), { profile });
    assert.deepEqual(await store.citizenForScan('cit_nobody', 2, 1), { profile: undefined });
  });

  it("reads for a scan every declaration within the policy's windows, not only the newest, up to a bound it says it reached", async () => {
    const written: CanonicalDeclaration[] = [];
    for (const day of ['01', '02', '03', '04', '05', '06']) {
      const d = declaration(80 + Number(day), `2021-08-${day}T07:00:00+07:00`);
      written.unshift(d);
      await store.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration: d, citizen: citizenPart('cit_W') });
    }
    const idsOf = (ds: CanonicalDeclaration[]) => ds.map((d) => d.declarationId);
    const read = async (since: string, atMost?: number) => {
      const { latest, more } = await store.citizenForScan('cit_W', { newest: 2, since: Date.parse(since), atMost });
      return [idsOf(latest ?? []), more];
    };
    assert.deepEqual(await read('2021-08-10T00:00:00+07:00'), [idsOf(written.slice(0, 2)), undefined]);
    assert.deepEqual(await read('2021-08-05T00:00:00+07:00'), [idsOf(written.slice(0, 2)), undefined]);
    assert.deepEqual(await read('2021-08-03T07:00:00+07:00'), [idsOf(written.slice(0, 4)), undefined]);
    assert.deepEqual(await read('2021-08-03T07:00:00+07:00', 4), [idsOf(written.slice(0, 4)), undefined]);
    assert.deepEqual(await read('2021-08-03T07:00:00+07:00', 3), [idsOf(written.slice(0, 3)), true]);
  });

  it('claims an idempotency key once, replays its answer, and tells a different body apart', async () => {
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k1', 'fp1', 'request-1'), 60), { state: 'claimed' });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k1', 'fp1', 'request-1'), 60), { state: 'in-flight' });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k1', 'fp2', 'request-1'), 60), { state: 'mismatch' });
    assert.equal(
      await store.completeIdempotencyKey(claimOf('partner:k1', 'fp1', 'request-1'), { status: 201, body: '{"a":1}\n{"b":2}' }, 60),
      true,
    );
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k1', 'fp1', 'request-1'), 60), {
      state: 'completed',
      response: { status: 201, body: '{"a":1}\n{"b":2}' },
    });
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k1', 'fp2', 'request-1'), 60), { state: 'mismatch' });
  });

  it('frees a released idempotency key for a retry', async () => {
    await store.claimIdempotencyKey(claimOf('partner:k2', 'fp', 'request-1'), 60);
    await store.abandonIdempotencyClaim(claimOf('partner:k2', 'fp', 'request-1'));
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k2', 'fp', 'request-1'), 60), { state: 'claimed' });
  });

  it("lets go of an abandoned claim only while it is that request's own and in flight: never a retry's claim, never a kept answer", async () => {
    await store.claimIdempotencyKey(claimOf('partner:k3', 'fp', 'request-1'), 60);
    await store.abandonIdempotencyClaim(claimOf('partner:k3', 'fp', 'request-1'));
    assert.deepEqual(
      await store.claimIdempotencyKey(claimOf('partner:k3', 'fp', 'request-2'), 60),
      { state: 'claimed' },
      'the abandoned claim was let go',
    );
    await store.abandonIdempotencyClaim(claimOf('partner:k3', 'fp', 'request-1'));
    assert.deepEqual(
      await store.claimIdempotencyKey(claimOf('partner:k3', 'fp', 'request-3'), 60),
      { state: 'in-flight' },
      "request-2's claim stands",
    );
    await store.completeIdempotencyKey(claimOf('partner:k3', 'fp', 'request-2'), { status: 201, body: '{}' }, 60);
    await store.abandonIdempotencyClaim(claimOf('partner:k3', 'fp', 'request-2'));
    assert.equal(
      (await store.claimIdempotencyKey(claimOf('partner:k3', 'fp', 'request-4'), 60)).state,
      'completed',
      'the kept answer stands',
    );
  });

  it("renews a claim only while it is that request's own and in flight: never another's claim, never a kept answer, never a key let go", async () => {
    await store.claimIdempotencyKey(claimOf('partner:k5', 'fp', 'request-1'), 60);
    assert.equal(await store.renewIdempotencyClaim(claimOf('partner:k5', 'fp', 'request-1'), 60), true);
    assert.equal(await store.renewIdempotencyClaim(claimOf('partner:k5', 'fp', 'request-2'), 60), false, "another request's");
    assert.equal(await store.renewIdempotencyClaim(claimOf('partner:k5', 'other-fp', 'request-1'), 60), false, 'another body');
    await store.completeIdempotencyKey(claimOf('partner:k5', 'fp', 'request-1'), { status: 200, body: '{}' }, 60);
    assert.equal(await store.renewIdempotencyClaim(claimOf('partner:k5', 'fp', 'request-1'), 60), false, 'answered');
    assert.equal(
      (await store.claimIdempotencyKey(claimOf('partner:k5', 'fp', 'request-3'), 60)).state,
      'completed',
      'the kept answer stands',
    );
    await store.claimIdempotencyKey(claimOf('partner:k6', 'fp', 'request-1'), 60);
    await store.abandonIdempotencyClaim(claimOf('partner:k6', 'fp', 'request-1'));
    assert.equal(await store.renewIdempotencyClaim(claimOf('partner:k6', 'fp', 'request-1'), 60), false, 'let go');
    assert.deepEqual(
      await store.claimIdempotencyKey(claimOf('partner:k6', 'fp', 'request-4'), 60),
      { state: 'claimed' },
      'nothing was renewed into being',
    );
  });

  it("keeps an answer only under the request's own claim: a claim let go and taken by another request keeps that one's answer alone", async () => {
    await store.claimIdempotencyKey(claimOf('partner:k7', 'fp', 'request-1'), 60);
    await store.abandonIdempotencyClaim(claimOf('partner:k7', 'fp', 'request-1'));
    await store.claimIdempotencyKey(claimOf('partner:k7', 'fp', 'request-2'), 60);
    assert.equal(
      await store.completeIdempotencyKey(claimOf('partner:k7', 'fp', 'request-1'), { status: 200, body: '{"run":1}' }, 60),
      false,
    );
    assert.deepEqual(
      await store.claimIdempotencyKey(claimOf('partner:k7', 'fp', 'request-3'), 60),
      { state: 'in-flight' },
      "request-2's claim stands",
    );
    assert.equal(
      await store.completeIdempotencyKey(claimOf('partner:k7', 'fp', 'request-2'), { status: 200, body: '{"run":2}' }, 60),
      true,
    );
    assert.equal(
      await store.completeIdempotencyKey(claimOf('partner:k7', 'fp', 'request-2'), { status: 200, body: '{"run":3}' }, 60),
      false,
      'answered once',
    );
    assert.deepEqual(await store.claimIdempotencyKey(claimOf('partner:k7', 'fp', 'request-3'), 60), {
      state: 'completed',
      response: { status: 200, body: '{"run":2}' },
    });
  });
}
