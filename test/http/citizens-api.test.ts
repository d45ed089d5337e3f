import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { unifiedQrStatus } from '../../gateway/identity/qr-status';
import { UnifiedQr } from '../../gateway/qr/unified-qr';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

const SINGLE = '/v1/sources/{instance}/declarations';

describeOnEveryStore('citizens API', (store) => {
  // One citizen with three declarations, which the tests only read; the one that revokes makes its own.
  let gw: TestGateway;
  let citizenId: string;
  let qr: string;
  before(async () => {
    gw = await TestGateway.start(store.env);
    const first = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
    await gw.call('POST', '/v1/sources/c06/declarations', { body: goldenNative('c06', '06'), route: SINGLE });
    await gw.call('POST', '/v1/sources/ncovi/declarations', { body: goldenNative('ncovi', '01'), route: SINGLE });
    ({ citizenId, qr } = first.body.citizen);
  });
  after(() => gw?.stop());

  it('shows the identity: QR, masked identifiers, instances, and the newest declarations first', async () => {
    const res = await gw.call('GET', `/v1/citizens/${citizenId}`);
    assert.equal(res.body.qr, qr);
    assert.deepEqual(res.body.identifiers, [
      { system: 'vn-cccd', value: '*********234' },
      { system: 'phone', value: '*********678' },
      { system: 'ncovi', value: '*********************************f10' },
    ]);
    assert.deepEqual(res.body.instances, ['c06', 'ncovi', 'tokhaiyte']);
    assert.deepEqual(
      res.body.declarations.map((d: { instance: string }) => d.instance),
      ['c06', 'tokhaiyte', 'ncovi'],
    );
    assert.ok(!res.text.includes('079085001234') && !res.text.includes('912345678') && !res.text.includes('3f6c1d2e'));
  });

  it('answers 404 for a citizen it does not know', async () => {
    assert.equal((await gw.call('GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
  });

  it('gives the QR as text', async () => {
    assert.deepEqual((await gw.call('GET', `/v1/citizens/${citizenId}/qr`)).body, { qr });
  });

  it('gives a PNG that an ordinary QR reader decodes to the same text', async () => {
    const res = await gw.call('GET', `/v1/citizens/${citizenId}/qr.png`);
    const png = PNG.sync.read(res.body as Buffer);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.equal(decoded?.data, qr);
  });

  it('gives an SVG image of the same code', async () => {
    const res = await gw.call('GET', `/v1/citizens/${citizenId}/qr.svg`);
    assert.match(res.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.match(res.text, /^<svg[^>]*viewBox/);
  });

  it('revokes a QR for an operator: a new one is issued and the old one verifies as revoked, not unknown', async () => {
    const other = await gw.call('POST', '/v1/sources/smartcity-hanoi/declarations', {
      body: goldenNative('smartcity-hanoi', '03'),
      route: SINGLE,
    });
    const { citizenId: id, qr: old } = other.body.citizen;
    const res = await gw.call('POST', `/v1/citizens/${id}/qr/revoke`);
    assert.equal(res.status, 200);
    assert.notEqual(res.body.qr, old);
    const qrCheck = new UnifiedQr(gw.config.qr);
    assert.deepEqual(await unifiedQrStatus(old, qrCheck, gw.gateway.store), { status: 'revoked', citizenId: id, version: 1 });
    assert.deepEqual(await unifiedQrStatus(res.body.qr, qrCheck, gw.gateway.store), { status: 'valid', citizenId: id, version: 2 });
    assert.equal((await gw.call('GET', `/v1/citizens/${id}/qr`)).body.qr, res.body.qr);
    // On the operators' trail: who replaced whose code, when (the answer handed them the new one).
    const [entry] = (await gw.call('GET', '/v1/audit', { token: gw.token(['operator'], 'ops-ca-truc') })).body.entries;
    assert.deepEqual([entry.action, entry.citizenId, entry.actor], ['qr-revoke', id, 'test-partner']);
  });

  it('publishes its keys at /.well-known/jwks.json and its contract at /openapi.json, without a token', async () => {
    const jwks = await gw.call('GET', '/.well-known/jwks.json', { token: null });
    assert.equal(jwks.body.keys[0].kid, gw.config.qr.activeKid);
    const openapi = await gw.call('GET', '/openapi.json', { token: null });
    assert.equal(openapi.body.openapi, '3.1.0');
    assert.ok(openapi.body.paths['/v1/sources/{instance}/declarations:batch']);
  });
});
