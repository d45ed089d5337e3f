import assert from 'node:assert/strict';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { forgeToken } from '../auth/forge-token';
import { TestGateway } from '../support/test-gateway';

describe('access to the API', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start();
  });
  after(() => gw.stop());

  const sign = (payload: object, options: jwt.SignOptions = {}, key: jwt.Secret = gw.config.auth.secret) =>
    jwt.sign({ scope: 'declarations:read', ...payload }, key, { algorithm: 'HS256', issuer: gw.config.auth.issuer, audience: gw.config.auth.audience, subject: 'p', expiresIn: 60, ...options });
  const read = (token: string | null) => gw.call('GET', '/v1/declarations/dcl_0000000000000000000000000z', { token });

  it('answers 401 problem+json without a token', async () => {
    const res = await read(null);
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'https://gateway.vnhc.example/problems/unauthorized');
  });

  it('answers 404 (not 401 or 403) with a valid token of the right scope', async () => {
    assert.equal((await read(sign({}))).status, 404);
  });

  it('refuses an expired token, another issuer, another audience, and a token without exp', async () => {
    const tokens = [
      sign({}, { expiresIn: -60 }),
      sign({}, { issuer: 'someone-else' }),
      sign({}, { audience: 'another-api' }),
      jwt.sign({ scope: 'declarations:read', sub: 'p', iss: gw.config.auth.issuer, aud: gw.config.auth.audience }, gw.config.auth.secret, { algorithm: 'HS256' }),
    ];
    for (const token of tokens) assert.equal((await read(token)).status, 401);
  });

  it('refuses a token signed with another secret, and unsigned (alg none)', async () => {
    const other = sign({}, {}, createSecretKey(Buffer.alloc(32, 7)));
    const none = jwt.sign({ scope: 'declarations:read', sub: 'p', iss: gw.config.auth.issuer, aud: gw.config.auth.audience, exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' });
    assert.deepEqual([(await read(other)).status, (await read(none)).status], [401, 401]);
  });

  it('refuses a token in another algorithm, even from a key the gateway might trust', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es256 = jwt.sign({ scope: 'declarations:read' }, privateKey, { algorithm: 'ES256', issuer: gw.config.auth.issuer, audience: gw.config.auth.audience, subject: 'p', expiresIn: 60 });
    assert.equal((await read(es256)).status, 401);
  });

  it('refuses an access token with a crit header', async () => {
    assert.equal((await read(await forgeToken(gw.config.auth, { header: { crit: ['b64'], b64: true } }))).status, 401);
  });

  it('refuses a token without iat', async () => {
    assert.equal((await read(await forgeToken(gw.config.auth, { iat: null }))).status, 401);
  });

  it('refuses a token that lives longer than the maximum (a day by default)', async () => {
    assert.equal(gw.config.auth.maxTokenLifetimeSeconds, 86400);
    assert.equal((await read(await forgeToken(gw.config.auth, { lifetime: 86401 }))).status, 401);
    assert.equal((await read(await forgeToken(gw.config.auth, { lifetime: 86400 }))).status, 404);
  });

  it('refuses a token issued in the future', async () => {
    assert.equal((await read(await forgeToken(gw.config.auth, { iat: Math.floor(Date.now() / 1000) + 3600 }))).status, 401);
  });

  it('answers 403 problem+json when the token lacks the route\'s scope', async () => {
    const res = await read(sign({ scope: 'declarations:write citizens:read' }));
    assert.equal(res.status, 403);
    assert.match(res.body.detail, /declarations:read/);
  });

  it('guards every /v1 route: each answers 401 without a token', async () => {
    const routes: [string, string, string?][] = [
      ['POST', '/v1/sources/tokhaiyte/declarations'], ['POST', '/v1/sources/tokhaiyte/declarations:batch', '/v1/sources/{instance}/declarations:batch'],
      ['POST', '/v1/declarations'], ['GET', '/v1/declarations/dcl_0000000000000000000000000z'],
      ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA'], ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/qr'],
      ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/qr.png'], ['GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/qr.svg'],
      ['POST', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/qr/revoke'],
    ];
    for (const [method, path, route] of routes) assert.equal((await gw.call(method, path, { token: null, route })).status, 401, `${method} ${path}`);
  });

  it('lets only an operator revoke a QR', async () => {
    const res = await gw.call('POST', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA/qr/revoke', { token: gw.token(['citizens:read', 'declarations:write']) });
    assert.equal(res.status, 403);
  });
});
