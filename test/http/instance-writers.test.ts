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
        writers: instance.name === 'tokhaiyte' ? ['tokhaiyte-backend'] : instance.name === 'ncovi' ? ['ncovi-backend'] : [],
      })),
    );
  });
  after(() => gw?.stop());

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

  it("names no citizen to the same partner's next record under the name its disputed one made up: a disputed record teaches the citizen nothing", async () => {
    // Phạm Văn Đông, known by his tokhaiyte record and its CCCD.
    const đông = {
      ...goldenNative('tokhaiyte', '01'),
      ma_to_khai: 'TK26112900054401',
      so_giay_to: '048092004321',
      ho_ten: 'Phạm Văn Đông',
      gioi_tinh: 'Nam',
      nam_sinh: 1992,
    };
    const known = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: đông, token: asTokhaiyte(), route: SINGLE });
    assert.equal(known.status, 201, JSON.stringify(known.body));
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
    const citizen = await gw.gateway.store.getCitizen(known.body.citizen.citizenId);
    assert.deepEqual(citizen?.nameKeys.length, 1);
    assert.ok(!citizen?.identifiers.some((id) => id.value === '+84988000999'), "the sender's phone was learned");
  });
});
