import assert from 'node:assert/strict';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Express } from 'express';
import { SCOPES } from '../../gateway/auth/access-tokens';
import { loadOpenApiDocument } from '../../gateway/http/openapi-document';
import { routeTableOf } from '../../gateway/http/route-table';
import { forgeToken } from '../auth/forge-token';
import { TestGateway } from '../support/test-gateway';

/** A value for each path parameter: a route with a parameter not named here fails until one is given. */
const EXAMPLE_PARAMETERS: Record<string, string> = {
  instance: 'tokhaiyte',
  citizenId: 'cit_AAAAAAAAAAAAAAAAAAAAAA',
  declarationId: 'dcl_0000000000000000000000000z',
  venueId: 'ven_AAAAAAAAAAAAAAAAAAAAAA',
  noticeId: 'ntc_AAAAAAAAAAAAAAAAAAAAAA',
  queryId: 'trq_AAAAAAAAAAAAAAAAAAAAAA',
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  method: string;
  /** The route as the OpenAPI document writes it. */
  route: string;
  path: string;
  scope: string;
  /** Scopes that let the caller in as well (`x-also-scopes`: a venue is read with `venues:read` or `tracing`). */
  alsoScopes: string[];
  /** The media type of its request body, if it takes one. */
  bodyType?: string;
  /** Where it is served when OPS_PORT is set (`x-listeners`; the API's port where absent). */
  listeners: string[];
}

/** Every operation of the OpenAPI document, with the scope its `x-scope` names (none for a public one). */
function documentedOperations(): Operation[] {
  const { paths } = loadOpenApiDocument();
  return Object.entries(paths as Record<string, Record<string, any>>).flatMap(([route, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        route,
        path: route.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (!EXAMPLE_PARAMETERS[name]) throw new Error(`${route}: give the access test an example value for {${name}}`);
          return EXAMPLE_PARAMETERS[name];
        }),
        scope: operation['x-scope'],
        alsoScopes: operation['x-also-scopes'] ?? [],
        bodyType: Object.keys(operation.requestBody?.content ?? {})[0],
        listeners: operation['x-listeners'] ?? ['api'],
      })),
  );
}

/** The routes a listener serves, as `METHOD /path/{param}`, read from its route table. */
function servedRoutes(app: Express): string[] {
  return routeTableOf(app)
    .list()
    .map((route) => route.replace(/\/:(\w+)/g, '/{$1}'))
    .sort();
}

describe('access to the API', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start();
  });
  after(() => gw.stop());

  const sign = (payload: object, options: jwt.SignOptions = {}, key: jwt.Secret = gw.config.auth.secret!) =>
    jwt.sign({ scope: 'declarations:read', ...payload }, key, {
      algorithm: 'HS256',
      issuer: gw.config.auth.issuer,
      audience: gw.config.auth.audience,
      subject: 'p',
      expiresIn: 60,
      ...options,
    });
  const read = (token: string | null) => gw.call('GET', '/v1/declarations/dcl_0000000000000000000000000z', { token });

  it('answers 401 problem+json without a token', async () => {
    const res = await read(null);
    assert.equal(res.status, 401);
    assert.equal(res.body.type, 'https://gateway.vnhc.example/problems/unauthorized');
  });

  it('answers 404 (not 401 or 403) with a valid token of the right scope', async () => {
    assert.equal((await read(sign({}))).status, 404);
  });

  it('reads the Bearer scheme whatever its case, as RFC 9110 names schemes', async () => {
    const path = '/v1/declarations/dcl_0000000000000000000000000z';
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      const res = await gw.call('GET', path, { token: null, headers: { authorization: `${scheme} ${sign({})}` } });
      assert.equal(res.status, 404, scheme);
    }
  });

  it('refuses an expired token, another issuer, another audience, and a token without exp', async () => {
    const tokens = [
      sign({}, { expiresIn: -60 }),
      sign({}, { issuer: 'someone-else' }),
      sign({}, { audience: 'another-api' }),
      jwt.sign({ scope: 'declarations:read', sub: 'p', iss: gw.config.auth.issuer, aud: gw.config.auth.audience }, gw.config.auth.secret!, {
        algorithm: 'HS256',
      }),
    ];
    for (const token of tokens) assert.equal((await read(token)).status, 401);
  });

  it('refuses a token signed with another secret, and unsigned (alg none)', async () => {
    const other = sign({}, {}, createSecretKey(Buffer.alloc(32, 7)));
    const none = jwt.sign(
      {
        scope: 'declarations:read',
        sub: 'p',
        iss: gw.config.auth.issuer,
        aud: gw.config.auth.audience,
        exp: Math.floor(Date.now() / 1000) + 60,
      },
      '',
      { algorithm: 'none' },
    );
    assert.deepEqual([(await read(other)).status, (await read(none)).status], [401, 401]);
    // Unsigned is told as a token refused, not as a token missing (a hostile-caller review's finding).
    const unsigned = await read(none);
    assert.match(unsigned.body.detail, /no signed bearer token/);
    assert.match(unsigned.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  it('refuses a token in another algorithm, even from a key the gateway might trust', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es256 = jwt.sign({ scope: 'declarations:read' }, privateKey, {
      algorithm: 'ES256',
      issuer: gw.config.auth.issuer,
      audience: gw.config.auth.audience,
      subject: 'p',
      expiresIn: 60,
    });
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

  it("answers 403 problem+json when the token lacks the route's scope", async () => {
    const res = await read(sign({ scope: 'declarations:write citizens:read' }));
    assert.equal(res.status, 403);
    assert.match(res.body.detail, /declarations:read/);
  });

  describe('every operation of the OpenAPI document', () => {
    const operations = documentedOperations();
    const v1 = operations.filter((o) => o.route.startsWith('/v1/'));

    it('is every route the gateway serves, and each /v1 one names a scope that exists', () => {
      assert.deepEqual(servedRoutes(gw.gateway.app), operations.map((o) => `${o.method} ${o.route}`).sort());
      for (const o of v1) assert.ok(SCOPES.includes(o.scope as never), `${o.method} ${o.route}: x-scope ${o.scope}`);
      for (const o of operations.filter((o) => !v1.includes(o)))
        assert.equal(o.scope, undefined, `${o.method} ${o.route} is public and names a scope`);
    });

    it("is, with OPS_PORT, on each listener its x-listeners names: metrics and the dashboard on the operators' alone", async () => {
      const split = await TestGateway.start({ OPS_PORT: '0' });
      try {
        const on = (listener: string) => operations.filter((o) => o.listeners.includes(listener)).map((o) => `${o.method} ${o.route}`);
        assert.deepEqual(servedRoutes(split.gateway.app), on('api').sort());
        assert.deepEqual(servedRoutes(split.gateway.opsApp as Express), on('ops').sort());
        assert.ok(on('ops').includes('GET /metrics') && !on('api').includes('GET /metrics'));
      } finally {
        await split.stop();
      }
    });

    for (const o of v1) {
      it(`${o.method} ${o.route}: 401 without a token, 403 without ${o.scope}, let in with ${o.scope} alone`, async () => {
        // An empty body: a route that lets the caller in refuses it (400, 404, 422) and changes nothing.
        const send = (token: string | null) =>
          gw.call(o.method, o.path, {
            token,
            route: o.route,
            ...(o.bodyType
              ? { raw: o.bodyType.includes('json') && !o.bodyType.includes('ndjson') ? '{}' : '', headers: { 'content-type': o.bodyType } }
              : {}),
          });
        const anonymous = await send(null);
        assert.equal(anonymous.status, 401);
        const others = await send(gw.token(SCOPES.filter((scope) => scope !== o.scope && !o.alsoScopes.includes(scope))));
        assert.equal(others.status, 403, 'a token with every other scope');
        assert.ok(others.body.detail.includes(o.scope), others.body.detail);
        for (const scope of [o.scope, ...o.alsoScopes]) {
          const granted = await send(gw.token([scope]));
          assert.ok(
            ![401, 403].includes(granted.status),
            `answered ${granted.status} to a token with ${scope}: ${granted.text.slice(0, 200)}`,
          );
        }
      });
    }
  });
});
