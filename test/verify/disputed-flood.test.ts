import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

const NOW = new Date('2021-03-27T12:00:00+07:00');
const CONTACTS = '/v1/tracing/queries/{queryId}/contacts';

/**
 * A scan reads a citizen's newest twenty declarations and those within the policy's windows; a
 * tracer's contact, the newest twenty. A partner holding `declarations:write` sends twenty records
 * with Lan's CCCD under another name and phone (each a disputed join): her own record, sixteen days
 * old, is then out of both views. Found by a hostile review (2026-12-01): the officer was shown the
 * sender's made-up name against her signed code, and the tracer that name without her phone.
 */
describe('a flood of disputed records newer than the person own', function () {
  this.timeout(30000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({}, () => NOW);
  });
  after(() => gw?.stop());

  const declare = async (id: string, name: string, phone: string, when: string) => {
    const native = goldenNative('tokhaiyte', '01');
    Object.assign(native, { ma_to_khai: id, ho_ten: name, so_giay_to: '031190001234', dien_thoai: phone, nam_sinh: 1990 });
    Object.assign(native, { thoi_gian_khai_bao: when, gioi_tinh: 'Nữ' });
    native.di_chuyen.ngay_di = when.slice(0, 10);
    const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
    assert.ok(ingested.ok, JSON.stringify(ingested));
    return ingested;
  };

  it("names nobody at the checkpoint or to the tracer, never the sender's made-up name, and gives the tracer her own phone", async () => {
    const lan = await declare('TK21031100000001', 'Nguyễn Thị Lan', '0903111222', '11/03/2021 08:00');
    assert.ok(lan.ok && lan.citizen);
    for (let n = 10; n < 30; n += 1) {
      const impostor = await declare(`TK210327000000${n}`, 'Kẻ Giả Mạo', '0904999888', `27/03/2021 0${n % 10}:${n}`);
      assert.ok(impostor.ok && impostor.citizen === null && impostor.declaration.quality.flags.includes('name-mismatch'));
    }
    const scan = await gw.call('POST', '/v1/verify', { body: { qr: lan.citizen.qr } });
    assert.equal(scan.status, 200);
    assert.equal(scan.body.person, undefined);

    const venue = (
      await gw.call('POST', '/v1/venues', { body: { name: 'Khách sạn Pari', kind: 'permanent', address: { province: '31' } } })
    ).body;
    const checkin = { venue: venue.venueId, direction: 'in', at: '2021-03-27T10:00:00+07:00', subject: lan.citizen.qr };
    assert.equal((await gw.call('POST', '/v1/checkins', { body: checkin })).status, 201);
    const tracer = gw.token(['tracing', 'tracing:contact'], 'cdc-quang-ninh');
    const query = {
      venues: [venue.venueId],
      from: '2021-03-27 00:00',
      to: '2021-03-27 12:00',
      purpose: 'contact-tracing',
      caseRef: 'QN-2021-0327',
    };
    const { queryId } = (await gw.call('POST', '/v1/tracing/queries', { body: query, token: tracer })).body;
    const contacts = await gw.call('GET', `/v1/tracing/queries/${queryId}/contacts`, { route: CONTACTS, token: tracer });
    assert.deepEqual(contacts.body.contacts, [{ citizenId: lan.citizen.citizenId, fullName: null, phones: ['+84903111222'] }]);
  });
});
