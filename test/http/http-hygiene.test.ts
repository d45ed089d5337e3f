import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ConfigError, httpPolicy } from '../../gateway/config';
import { securityHeaders } from '../../gateway/http/security-headers';
import { THRESHOLD_BYTES } from '../../gateway/http/compress-answers';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';
import { nextEvent } from '../support/wait-for';

const SINGLE = '/v1/sources/{instance}/declarations';
const REALM = 'Bearer realm="vnhc-gateway"';
/** A Hà Nội partner's portal, the one origin the CORS stories list. */
const PORTAL = 'https://cong-doi-tac.hanoi.gov.vn';

/**
 * Answers checked by hand, with fetch: the statuses and headers here (405, 415, 304, a preflight)
 * are what the client in test-gateway.ts would check against the contract's routes.
 */
async function send(
  gw: TestGateway,
  method: string,
  path: string,
  init: { token?: string | null; headers?: Record<string, string>; body?: string } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? gw.token() : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(gw.baseUrl + path, { method, headers, body: init.body });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: type.includes('json') && !type.includes('ndjson') && text ? JSON.parse(text) : text,
  };
}

describe('HTTP hygiene', function () {
  this.timeout(20_000);
  let gw: TestGateway;
  let citizenId: string;
  before(async () => {
    gw = await TestGateway.start();
    const stored = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
    citizenId = stored.body.citizen.citizenId;
  });
  after(() => gw?.stop());

  describe('security headers', () => {
    const expectHardened = (headers: Headers, what: string) => {
      assert.equal(headers.get('content-security-policy'), "default-src 'none';frame-ancestors 'none'", what);
      assert.equal(headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(headers.get('x-frame-options'), 'DENY', what);
      assert.equal(headers.get('referrer-policy'), 'no-referrer', what);
      assert.equal(headers.get('cross-origin-resource-policy'), 'same-origin', what);
      assert.equal(headers.get('x-powered-by'), null, what);
    };

    it("hardens a citizen's answer, a problem, a 404 and a probe alike, and never names express", async () => {
      expectHardened((await send(gw, 'GET', `/v1/citizens/${citizenId}`)).headers, 'a citizen');
      expectHardened((await send(gw, 'GET', `/v1/citizens/${citizenId}`, { token: null })).headers, 'a 401');
      expectHardened((await send(gw, 'GET', '/v1/nowhere')).headers, 'a 404');
      expectHardened((await send(gw, 'GET', '/healthz')).headers, 'a probe');
    });

    it('sends no HSTS from the sandbox, which answers plain HTTP', async () => {
      assert.equal((await send(gw, 'GET', '/healthz')).headers.get('strict-transport-security'), null);
    });

    it('sends a year of HSTS, without subdomains, where TLS is in front (production)', async () => {
      const app = express()
        .use(securityHeaders({ hsts: true }))
        .get('/', (_req, res) => res.send('ok'));
      const server = app.listen(0, '127.0.0.1');
      await nextEvent(server, 'listening', 5000);
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000');
      } finally {
        server.close();
      }
    });
  });

  describe("the dashboard's Content-Security-Policy", () => {
    it("lets in only the page's own script and styles, by their hashes, and is never framed", async () => {
      const res = await send(gw, 'GET', '/dashboard', { token: null });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const directive = (name: string) =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `));
      assert.equal(directive('frame-ancestors'), "frame-ancestors 'none'");
      assert.equal(directive('default-src'), "default-src 'none'");
      const script = /<script>([\s\S]*?)<\/script>/.exec(res.text)?.[1] as string;
      const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)?.[1] as string;
      const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      assert.equal(directive('script-src'), `script-src ${sha(script)}`);
      assert.equal(directive('style-src'), `style-src ${sha(style)}`);
    });
  });

  describe('Cache-Control', () => {
    it('keeps every /v1 answer out of caches: a citizen, a scan, a refusal, a 404', async () => {
      const answers = [
        await send(gw, 'GET', `/v1/citizens/${citizenId}`),
        await send(gw, 'POST', '/v1/verify', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ qr: 'VNHC:không-phải-mã' }),
        }),
        await send(gw, 'GET', `/v1/citizens/${citizenId}`, { token: null }),
        await send(gw, 'GET', '/v1/citizens/cit_AAAAAAAAAAAAAAAAAAAAAA'),
      ];
      assert.deepEqual(
        answers.map((a) => a.headers.get('cache-control')),
        ['no-store', 'no-store', 'no-store', 'no-store'],
      );
    });

    it('lets the JWKS and the API document be cached for five minutes', async () => {
      for (const path of ['/.well-known/jwks.json', '/openapi.json'])
        assert.equal((await send(gw, 'GET', path, { token: null })).headers.get('cache-control'), 'public, max-age=300', path);
    });
  });

  describe('WWW-Authenticate on a 401', () => {
    it('challenges a request without a token with the realm alone', async () => {
      const res = await send(gw, 'GET', `/v1/citizens/${citizenId}`, { token: null });
      assert.deepEqual([res.status, res.headers.get('www-authenticate')], [401, REALM]);
    });

    it('says invalid_token when a token was sent and refused', async () => {
      const forged = `${gw.token().slice(0, -4)}AAAA`;
      const res = await send(gw, 'GET', `/v1/citizens/${citizenId}`, { token: forged });
      assert.deepEqual([res.status, res.headers.get('www-authenticate')], [401, `${REALM}, error="invalid_token"`]);
    });

    it("says insufficient_scope on a 403 for a good token without the route's scope, naming the scope (RFC 6750 §3.1)", async () => {
      const res = await send(gw, 'GET', `/v1/citizens/${citizenId}`, { token: gw.token(['verify']) });
      assert.deepEqual(
        [res.status, res.headers.get('www-authenticate')],
        [403, `${REALM}, error="insufficient_scope", scope="citizens:read"`],
      );
    });
  });

  describe('405 for a method a path does not take', () => {
    it('answers a GET of the scan route 405 problem+json, with Allow: POST', async () => {
      const res = await send(gw, 'GET', '/v1/verify');
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(res.body.type, 'https://gateway.vnhc.example/problems/method-not-allowed');
    });

    it('answers a DELETE of a citizen 405 with Allow: GET, HEAD, and a POST to a probe the same', async () => {
      const citizen = await send(gw, 'DELETE', `/v1/citizens/${citizenId}`);
      const probe = await send(gw, 'POST', '/healthz', { token: null });
      assert.deepEqual(
        [citizen.status, citizen.headers.get('allow'), probe.status, probe.headers.get('allow')],
        [405, 'GET, HEAD', 405, 'GET, HEAD'],
      );
    });

    it('still answers 404 for a path no route serves, and 401 under /v1 before telling a stranger anything', async () => {
      assert.equal((await send(gw, 'POST', '/v1/citizens')).status, 404);
      const stranger = await send(gw, 'GET', '/v1/verify', { token: null });
      assert.deepEqual([stranger.status, stranger.headers.get('allow')], [401, null]);
    });
  });

  describe('415 for a body in a format the route does not read', () => {
    const scan = (contentType: string, body = JSON.stringify({ qr: 'VNHC:không-phải-mã' })) =>
      send(gw, 'POST', '/v1/verify', { headers: { 'content-type': contentType }, body });

    it('refuses a form-encoded scan with 415 problem+json naming application/json', async () => {
      const res = await scan('application/x-www-form-urlencoded', 'qr=VNHC%3Akh%C3%B4ng');
      assert.equal(res.status, 415);
      assert.equal(res.body.type, 'https://gateway.vnhc.example/problems/unsupported-media-type');
      assert.match(res.body.detail, /application\/json/);
      assert.deepEqual(
        res.body.errors.map((e: { pointer: string }) => e.pointer),
        ['/headers/content-type'],
      );
    });

    it('refuses JSON declared in another charset than UTF-8', async () => {
      assert.equal((await scan('application/json; charset=iso-8859-1')).status, 415);
    });

    it('refuses a body that does not decompress as its Content-Encoding says with 400, and an unknown encoding with 415 naming it', async () => {
      const venue = (encoding: string) =>
        send(gw, 'POST', '/v1/venues', { headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: '{}' });
      for (const encoding of ['gzip', 'deflate', 'br', 'GZIP']) {
        const res = await venue(encoding);
        assert.deepEqual([res.status, res.body.errors], [400, [{ pointer: '', message: 'unreadable body' }]], encoding);
      }
      const zstd = await venue('zstd');
      assert.equal(zstd.status, 415);
      assert.deepEqual(
        zstd.body.errors.map((e: { pointer: string }) => e.pointer),
        ['/headers/content-encoding'],
      );
    });

    it('reads application/json with or without charset=utf-8', async () => {
      assert.deepEqual([(await scan('application/json')).status, (await scan('application/json; charset=UTF-8')).status], [200, 200]);
    });

    it('refuses a batch sent as one JSON document before a line is stored, and reads NDJSON', async () => {
      const record = JSON.stringify(goldenNative('zalo', '01'));
      const path = '/v1/sources/zalo/declarations:batch';
      const asJson = await send(gw, 'POST', path, { headers: { 'content-type': 'application/json' }, body: `[${record}]` });
      assert.equal(asJson.status, 415);
      assert.match(asJson.body.detail, /application\/x-ndjson/);
      const asNdjson = await send(gw, 'POST', path, { headers: { 'content-type': 'application/x-ndjson' }, body: `${record}\n` });
      assert.equal(JSON.parse(asNdjson.text.split('\n')[0] as string).status, 'created', 'nothing was stored by the refused one');
    });
  });

  describe('ETag on the public documents', () => {
    for (const path of ['/.well-known/jwks.json', '/openapi.json']) {
      it(`answers ${path} with a weak ETag (one for its every encoding), and 304 without a body to If-None-Match`, async () => {
        const first = await send(gw, 'GET', path, { token: null });
        const etag = first.headers.get('etag') ?? '';
        assert.match(etag, /^W\/"[\w-]{43}"$/);
        const again = await send(gw, 'GET', path, { token: null, headers: { 'if-none-match': etag } });
        assert.deepEqual([again.status, again.text, again.headers.get('etag')], [304, '', etag]);
        const changed = await send(gw, 'GET', path, { token: null, headers: { 'if-none-match': '"an-older-one"' } });
        assert.equal(changed.status, 200);
      });
    }

    it('gives no ETag to an answer holding personal data', async () => {
      assert.equal((await send(gw, 'GET', `/v1/citizens/${citizenId}`)).headers.get('etag'), null);
    });
  });

  describe('compression', () => {
    it('sends the API document in br or gzip, as the client prefers', async () => {
      const br = await fetch(`${gw.baseUrl}/openapi.json`, { headers: { 'accept-encoding': 'br' } });
      const gzip = await fetch(`${gw.baseUrl}/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
      assert.deepEqual([br.headers.get('content-encoding'), gzip.headers.get('content-encoding')], ['br', 'gzip']);
      const version = async (res: Response) => ((await res.json()) as { openapi: string }).openapi;
      assert.equal(await version(br), await version(gzip));
    });

    it('leaves a small answer (/healthz) as it is', async () => {
      const res = await fetch(`${gw.baseUrl}/healthz`, { headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.headers.get('content-encoding'), null);
    });

    it('leaves an answer of a few KiB that goes through the compressor (a QR as SVG, 6 KB) as it is, below its 8 KiB', async () => {
      const res = await fetch(`${gw.baseUrl}/v1/citizens/${citizenId}/qr.svg`, {
        headers: { authorization: `Bearer ${gw.token()}`, 'accept-encoding': 'gzip, deflate, br' },
      });
      const bytes = Buffer.byteLength(await res.text());
      assert.ok(bytes > 1024 && bytes < THRESHOLD_BYTES, `${bytes} bytes`);
      // The compressor saw it (it varies by Accept-Encoding) and left it: it is under the threshold.
      assert.deepEqual(
        [res.ok, res.headers.get('content-encoding'), /Accept-Encoding/i.test(res.headers.get('vary') ?? '')],
        [true, null, true],
      );
    });

    it('spares the busiest routes, whose answers are small, the compressor (no Vary: Accept-Encoding), and not the others', async () => {
      const headers = { authorization: `Bearer ${gw.token()}`, 'content-type': 'application/json', 'accept-encoding': 'gzip, br' };
      const scan = await fetch(`${gw.baseUrl}/v1/verify`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ qr: 'TKYT:TK21081500012345' }),
      });
      const ingest = await fetch(`${gw.baseUrl}/v1/sources/ncovi/declarations`, {
        method: 'POST',
        headers,
        body: JSON.stringify(goldenNative('ncovi', '01')),
      });
      const adapters = await fetch(`${gw.baseUrl}/v1/adapters`, { headers });
      await Promise.all([scan.text(), ingest.text(), adapters.text()]);
      assert.deepEqual(
        [scan, ingest, adapters].map((res) => [res.ok, /Accept-Encoding/i.test(res.headers.get('vary') ?? '')]),
        [
          [true, false],
          [true, false],
          [true, true],
        ],
      );
    });

    it("streams a batch's NDJSON uncompressed, its first line out before the body is all sent", async () => {
      const { port } = new URL(gw.baseUrl);
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/sources/zalo/declarations:batch',
        headers: { authorization: `Bearer ${gw.token()}`, 'content-type': 'application/x-ndjson', 'accept-encoding': 'gzip, br' },
      });
      req.on('error', () => {});
      const zalo = (serial: number) =>
        JSON.stringify({ ...goldenNative('zalo', '02'), submission_id: `73019283746${String(serial).padStart(8, '0')}` });
      req.write(`${zalo(1)}\n`);
      const [res] = (await nextEvent(req, 'response', 10_000, 'the answer to begin')) as [import('node:http').IncomingMessage];
      assert.equal(res.headers['content-encoding'], undefined);
      const [first] = (await nextEvent(res, 'data', 10_000, 'the first line')) as [Buffer];
      assert.match(first.toString('utf8'), /^\{"line":1,"status":"created"/);
      req.end(`${zalo(2)}\n`);
      res.resume();
      await nextEvent(res, 'end', 10_000, 'the answer to end');
    });

    it('compresses /metrics for a Prometheus that asks for gzip', async () => {
      const res = await fetch(`${gw.baseUrl}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers.get('content-encoding'), 'gzip');
      assert.match(await res.text(), /# TYPE /);
    });
  });

  describe('CORS', () => {
    const preflight = (target: TestGateway, origin: string) =>
      send(target, 'OPTIONS', '/v1/verify', {
        token: null,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });

    it('lets no web page in by default: no CORS header for any origin, and its preflight meets the 401', async () => {
      const asked = await send(gw, 'GET', `/v1/citizens/${citizenId}`, { headers: { origin: PORTAL } });
      const pre = await preflight(gw, PORTAL);
      assert.deepEqual(
        [asked.headers.get('access-control-allow-origin'), pre.status, pre.headers.get('access-control-allow-origin')],
        [null, 401, null],
      );
    });

    describe('with CORS_ORIGINS naming a partner portal', () => {
      let cors: TestGateway;
      before(async () => {
        cors = await TestGateway.start({ CORS_ORIGINS: `${PORTAL}, https://cdc.danang.gov.vn` });
      });
      after(() => cors?.stop());

      it("answers the portal's preflight 204 before any token, with its methods and headers and without credentials", async () => {
        const pre = await preflight(cors, PORTAL);
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), PORTAL);
        assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,HEAD,POST');
        assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization.*Content-Type/);
        assert.equal(pre.headers.get('access-control-allow-credentials'), null);
      });

      it('lets the portal read an answer and its request id, each answer varying by Origin', async () => {
        const res = await send(cors, 'GET', '/healthz', { token: null, headers: { origin: PORTAL } });
        assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
        assert.match(res.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
        assert.match(res.headers.get('vary') ?? '', /Origin/);
      });

      it("gives another origin nothing but Vary: Origin (a cache must not hand it the portal's answer), its preflight a 401", async () => {
        const other = 'https://cong-doi-tac.hanoi.gov.vn.evil.example';
        const res = await send(cors, 'GET', '/healthz', { token: null, headers: { origin: other } });
        const pre = await preflight(cors, other);
        assert.deepEqual(
          [res.headers.get('access-control-allow-origin'), pre.status, pre.headers.get('access-control-allow-origin')],
          [null, 401, null],
        );
        assert.match(res.headers.get('vary') ?? '', /Origin/);
      });
    });

    it('refuses "*" in production, and anything that is not an exact origin', () => {
      assert.throws(
        () => httpPolicy({ CORS_ORIGINS: '*' }, true),
        (e) => e instanceof ConfigError && /CORS_ORIGINS/.test(e.message),
      );
      assert.deepEqual(httpPolicy({ CORS_ORIGINS: '*' }, false).corsOrigins, '*');
      for (const bad of [`${PORTAL}/`, `${PORTAL}/api`, 'cong-doi-tac.hanoi.gov.vn', 'null', 'ftp://cdc.danang.gov.vn'])
        assert.throws(() => httpPolicy({ CORS_ORIGINS: bad }, false), ConfigError, bad);
      assert.deepEqual(httpPolicy({}, true), { corsOrigins: [], hsts: true });
      assert.deepEqual(httpPolicy({}, false), { corsOrigins: [], hsts: false });
    });
  });
});
