import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { goldenNative, mapAccepted } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

const SINGLE = '/v1/sources/{instance}/declarations';

/**
 * Each platform's records are pushed by the callers its instance names as writers: another partner
 * can neither take its record ids (the genuine record would then be a 409) nor read its records back
 * by id, an id being a hash of a platform's record id, often sequential.
 */
describe("an instance's writers", function () {
  let gw: TestGateway;
  const asTokhaiyte = () => gw.token(['declarations:write', 'declarations:read'], 'tokhaiyte-backend');
  const asOtherPartner = () => gw.token(['declarations:write', 'declarations:read'], 'ncovi-backend');
  const record = { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK26112900054321' };

  before(async () => {
    const { instances } = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'writers-')) });
    gw = await TestGateway.start(
      {},
      undefined,
      instances.map((instance) => ({
        ...instance,
        // The other partner pushes NCOVI's records and Zalo's forms.
        writers: instance.name === 'tokhaiyte' ? ['tokhaiyte-backend'] : ['ncovi', 'zalo'].includes(instance.name) ? ['ncovi-backend'] : [],
      })),
    );
  });
  after(() => gw?.stop());

  /** A person the gateway knows by their tokhaiyte record (these fields over the golden one's): their citizen, as its answer names it. */
  const knownByTokhaiyte = async (fields: Record<string, unknown>): Promise<{ citizenId: string; qr: string }> => {
    const known = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
      body: { ...goldenNative('tokhaiyte', '01'), ...fields },
      token: asTokhaiyte(),
      route: SINGLE,
    });
    assert.equal(known.status, 201, JSON.stringify(known.body));
    return known.body.citizen;
  };

  it("refuses another caller's record for an instance with 403 and stores nothing, so the genuine record is then stored", async () => {
    const squatted = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, token: asOtherPartner(), route: SINGLE });
    assert.equal(squatted.status, 403);
    assert.deepEqual(
      squatted.body.errors.map((e: { pointer: string }) => e.pointer),
      [''],
    );
    const genuine = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: record, token: asTokhaiyte(), route: SINGLE });
    assert.equal(genuine.status, 201);
  });

  it('reads a declaration back only for its instance writers: another caller gets 404, as for an id that names nothing', async () => {
    const { declarationId } = mapAccepted('tokhaiyte', record);
    const route = '/v1/declarations/{declarationId}';
    const own = await gw.call('GET', `/v1/declarations/${declarationId}`, { token: asTokhaiyte(), route });
    assert.deepEqual([own.status, own.body.source.recordId], [200, 'TK26112900054321']);
    const guessed = await gw.call('GET', `/v1/declarations/${declarationId}`, { token: asOtherPartner(), route });
    assert.equal(guessed.status, 404);
    assert.equal(guessed.text.includes('TK26112900054321'), false);
  });

  it('refuses a canonical declaration and a batch for an instance the caller does not push, before they are read', async () => {
    const { declarationId: _id, ...mapped } = mapAccepted('tokhaiyte', { ...record, ma_to_khai: 'TK26112900054322' });
    const { receivedAt: _at, ...source } = mapped.source;
    const canonical = await gw.call('POST', '/v1/declarations', { body: { ...mapped, source }, token: asOtherPartner() });
    assert.equal(canonical.status, 403);
    const batch = await gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
      raw: `${JSON.stringify(record)}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      token: asOtherPartner(),
      route: '/v1/sources/{instance}/declarations:batch',
    });
    assert.equal(batch.status, 403);
    // An instance no caller pushes (writers: []) takes no record at all.
    const nobody = await gw.call('POST', '/v1/sources/bluezone/declarations', {
      body: goldenNative('bluezone', '01'),
      token: asTokhaiyte(),
      route: SINGLE,
    });
    assert.equal(nobody.status, 403);
  });

  it("names no citizen to a partner whose record carries another person's CCCD under another name and birth date", async () => {
    // Trần Thị Bình, known to the gateway by her tokhaiyte record and its CCCD.
    const bình = { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK26112900054399' };
    const known = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: bình, token: asTokhaiyte(), route: SINGLE });
    assert.equal(known.status, 201);
    // A partner that knows her CCCD alone sends a record with a name and a birth date of its own.
    const forged = goldenNative('ncovi', '01');
    forged.id = '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f11';
    Object.assign(forged.profile, { idNumber: bình.so_giay_to, fullName: 'TRAN THI B', phone: '+84900000001', dob: '1990-01-01' });
    const answered = await gw.call('POST', '/v1/sources/ncovi/declarations', { body: forged, token: asOtherPartner(), route: SINGLE });
    assert.equal(answered.status, 201);
    assert.deepEqual([answered.body.citizen, answered.body.declaration.subject.citizenId], [null, undefined]);
    assert.ok(answered.body.declaration.quality.flags.includes('name-mismatch'));
    const { citizenId, qr } = known.body.citizen;
    for (const text of [
      answered.text,
      (await gw.call('POST', '/v1/sources/ncovi/declarations', { body: forged, token: asOtherPartner(), route: SINGLE })).text,
      (
        await gw.call('GET', `/v1/declarations/${answered.body.declaration.declarationId}`, {
          token: asOtherPartner(),
          route: '/v1/declarations/{declarationId}',
        })
      ).text,
      (
        await gw.call('POST', '/v1/sources/ncovi/declarations:batch', {
          raw: `${JSON.stringify(forged)}\n`,
          headers: { 'content-type': 'application/x-ndjson' },
          token: asOtherPartner(),
          route: '/v1/sources/{instance}/declarations:batch',
        })
      ).text,
    ])
      assert.ok(!text.includes(citizenId) && !text.includes(qr), 'the citizen named to a partner that sent a disputed record');
  });

  it('names no citizen to a partner whose record names nobody: a CCCD or a phone alone, in its answer, a replay, a read by id and a batch line', async () => {
    // Trần Thị Bích Ngọc, known by her tokhaiyte record: her CCCD, her phone, her name.
    const { citizenId, qr } = await knownByTokhaiyte({
      ma_to_khai: 'TK26112900054501',
      so_giay_to: '031192004567',
      dien_thoai: '0983 456 712',
      ho_ten: 'Trần Thị Bích Ngọc',
      gioi_tinh: 'Nữ',
      nam_sinh: 1992,
    });
    // A partner that knows her CCCD, or her phone, and no name: its record joins her (it counts for her status), and it is told nothing of whom.
    const nameless = (recordId: string, identifier: { system: string; value: string }) => ({
      schemaVersion: '1',
      kind: 'domestic',
      source: { platform: 'ncovi', instance: 'ncovi', recordId },
      declaredAt: '2021-08-15T09:30:00+07:00',
      subject: { identifiers: [identifier] },
      health: { symptoms: [], exposures: [] },
      quality: { flags: [], unmapped: [] },
    });
    for (const body of [
      nameless('nc-nameless-cccd', { system: 'vn-cccd', value: '031192004567' }),
      nameless('nc-nameless-phone', { system: 'phone', value: '0983 456 712' }),
    ]) {
      const send = () => gw.call('POST', '/v1/declarations', { body, token: asOtherPartner() });
      const answered = await send();
      assert.equal(answered.status, 201, JSON.stringify(answered.body));
      assert.deepEqual([answered.body.citizen, answered.body.declaration.subject.citizenId], [null, undefined]);
      const { declarationId } = answered.body.declaration;
      assert.equal((await gw.gateway.store.getDeclaration(declarationId))?.subject.citizenId, citizenId, 'joined to her all the same');
      for (const text of [
        answered.text,
        (await send()).text,
        (await gw.call('GET', `/v1/declarations/${declarationId}`, { token: asOtherPartner(), route: '/v1/declarations/{declarationId}' }))
          .text,
      ])
        assert.ok(
          !text.includes(citizenId) && !text.includes(qr),
          `the citizen named to a partner that knew only ${body.subject.identifiers[0]?.system}`,
        );
    }
    // A batch line with her CCCD and no name: a Zalo form whose only answer is the CCCD.
    const zalo = { ...goldenNative('zalo', '01'), submission_id: '7301928374650199999' };
    zalo.answers = [{ label: 'Số CMND/CCCD', value: '031192004567' }];
    const line = await gw.call('POST', '/v1/sources/zalo/declarations:batch', {
      raw: `${JSON.stringify(zalo)}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      token: asOtherPartner(),
      route: '/v1/sources/{instance}/declarations:batch',
    });
    assert.match(line.text, /"status":"created"/, `${line.status} ${line.text}`);
    assert.ok(!line.text.includes(citizenId), 'a batch line named the citizen');
  });

  it('names no citizen to the sender of a record that creates one with a CCCD alone: her own named record later is told, the first sender never', async () => {
    const cccdOnly = {
      schemaVersion: '1',
      kind: 'domestic',
      source: { platform: 'ncovi', instance: 'ncovi', recordId: 'nc-nameless-first' },
      declaredAt: '2021-08-15T09:30:00+07:00',
      subject: { identifiers: [{ system: 'vn-cccd', value: '001195007788' }] },
      health: { symptoms: [], exposures: [] },
      quality: { flags: [], unmapped: [] },
    };
    const first = await gw.call('POST', '/v1/declarations', { body: cccdOnly, token: asOtherPartner() });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.citizen, null);
    const created = (await gw.gateway.store.getDeclaration(first.body.declaration.declarationId))?.subject.citizenId;
    assert.ok(created, 'a CCCD identifies a person: a citizen is made');
    const hers = { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK26112900054502', so_giay_to: '001195007788', ho_ten: 'Lê Thị Hồng' };
    const named = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: hers, token: asTokhaiyte(), route: SINGLE });
    assert.equal(named.body.citizen?.citizenId, created, 'her own named record is told who she is');
  });

  it("names no citizen to the same partner's next record under the name its disputed one made up: a disputed record teaches the citizen nothing", async () => {
    // Phạm Văn Đông, known by his tokhaiyte record and its CCCD.
    const đông = { ma_to_khai: 'TK26112900054401', so_giay_to: '048092004321', ho_ten: 'Phạm Văn Đông', gioi_tinh: 'Nam', nam_sinh: 1992 };
    const known = await knownByTokhaiyte(đông);
    const forged = (id: string) => {
      const record = goldenNative('ncovi', '01');
      record.id = id;
      Object.assign(record.profile, {
        idNumber: đông.so_giay_to,
        fullName: 'Nguyễn Giả Mạo'.normalize('NFD'),
        phone: '+84988000999',
        dob: '1992',
        gender: 1,
      });
      return record;
    };
    for (const id of ['3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f21', '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f22']) {
      const answered = await gw.call('POST', '/v1/sources/ncovi/declarations', {
        body: forged(id),
        token: asOtherPartner(),
        route: SINGLE,
      });
      assert.equal(answered.status, 201, JSON.stringify(answered.body));
      assert.deepEqual([answered.body.citizen, answered.body.declaration.quality.flags], [null, ['name-mismatch']]);
    }
    const citizen = await gw.gateway.store.getCitizen(known.citizenId);
    assert.deepEqual(citizen?.nameKeys.length, 1);
    assert.ok(!citizen?.identifiers.some((id) => id.value === '+84988000999'), "the sender's phone was learned");
  });
});
