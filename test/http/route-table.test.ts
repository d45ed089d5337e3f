import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { GatewayError } from '../../gateway/errors/gateway-error';
import { createHttpServer } from '../../gateway/http/http-server';
import { listenerApp } from '../../gateway/http/pipeline';
import { toProblem } from '../../gateway/http/problem-table';
import { createLogger } from '../../gateway/logging/logger';
import { untilClosed } from '../support/socket-talk';
import { RouteTable, routes } from '../../gateway/http/route-table';

/**
 * The route table serves every route in one layer, as express's router would have: the same
 * matching (case, trailing slash, decoding, registration order), the same order of middleware, and
 * errors however a handler raises them reaching the error handler.
 */
describe('the route table', () => {
  let server: Server;
  let base: string;
  const met: string[] = [];

  const note =
    (name: string): RequestHandler =>
    (_req, _res, next) => {
      met.push(name);
      next();
    };
  const answer =
    (name: string): RequestHandler =>
    (req, res) => {
      res.json({ route: name, params: req.params, template: res.locals.route });
    };

  before(async () => {
    const served = routes()
      .get('/v1/venues/search', answer('search'))
      .get('/v1/venues/:venueId', answer('venue'))
      .post('/v1/verify', note('scope'), answer('verify'))
      .post('/v1/checkins\\:batch', answer('batch'))
      .get('/v1/thrown', () => {
        throw Object.assign(new Error('thrown'), { status: 418 });
      })
      .get('/v1/rejected', async () => {
        throw Object.assign(new Error('rejected'), { status: 418 });
      })
      .get('/v1/passed', (_req, _res, next) => next(Object.assign(new Error('passed'), { status: 418 })))
      .get('/healthz', answer('health'));
    const table = new RouteTable([served], [note('opening')], [{ prefix: '/v1', handlers: [note('token')] }]);
    const failed: ErrorRequestHandler = (error: Error & { status?: number }, _req, res, _next) => {
      const status = error instanceof URIError ? 400 : error instanceof GatewayError ? toProblem(error).status : (error.status ?? 500);
      res.status(status).json({ error: error.message });
    };
    const app = express().use(table.handler()).use(failed);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    met.length = 0;
  });

  const get = async (path: string, method = 'GET') => {
    const res = await fetch(base + path, { method });
    const body = method === 'HEAD' ? undefined : ((await res.json()) as { route?: string; error?: string });
    return { status: res.status, body, allow: res.headers.get('allow') };
  };

  it('serves a literal path whatever its case, with or without a trailing slash', async () => {
    for (const path of ['/v1/verify', '/V1/Verify', '/v1/verify/']) {
      const res = await fetch(base + path, { method: 'POST' });
      assert.equal(res.status, 200, path);
      assert.equal(((await res.json()) as { route: string }).route, 'verify');
    }
  });

  it('decodes a parameter, and names the template (never the path) for the log line and metrics', async () => {
    const { body } = await get('/v1/venues/VN%2D79%20HCM');
    assert.deepEqual(body, { route: 'venue', params: { venueId: 'VN-79 HCM' }, template: '/v1/venues/:venueId' });
  });

  it('lets the route registered first win where two match, and serves a literal colon', async () => {
    assert.equal((await get('/v1/venues/search')).body?.route, 'search');
    assert.equal((await fetch(`${base}/v1/checkins:batch`, { method: 'POST' })).status, 200);
  });

  it('runs the opening, then the prefix middleware, then the route, once each and in that order', async () => {
    await fetch(`${base}/v1/verify`, { method: 'POST' });
    assert.deepEqual(met, ['opening', 'token', 'scope']);
    met.length = 0;
    await get('/healthz');
    assert.deepEqual(met, ['opening'], 'a path outside /v1 meets no token check');
  });

  it('serves HEAD from the GET route', async () => {
    assert.equal((await get('/healthz', 'HEAD')).status, 200);
  });

  it('answers a path served with other methods 405 with Allow, after the prefix middleware', async () => {
    const { status, allow } = await get('/v1/verify');
    assert.equal(status, 405);
    assert.equal(allow, 'POST');
    assert.deepEqual(met, ['opening', 'token'], 'an unserved path under /v1 still meets its token check first');
    assert.equal((await get('/healthz', 'DELETE')).allow, 'GET, HEAD');
  });

  it('answers a path no route serves 404', async () => {
    assert.equal((await get('/v1/nowhere')).status, 404);
    assert.equal((await get('/v1x')).status, 404);
    assert.deepEqual(met, ['opening', 'token', 'opening'], '/v1x does not lie under /v1');
  });

  it('sends an error thrown, a promise rejected or an error passed to next to the error handler', async () => {
    for (const path of ['/v1/thrown', '/v1/rejected', '/v1/passed']) {
      const { status, body } = await get(path);
      assert.equal(status, 418, path);
      assert.equal(body?.error, path.slice(4));
    }
  });

  it('answers a parameter that is not percent-encoding with the decoding error, a 400 here, once the prefix middleware let it through', async () => {
    assert.equal((await get('/v1/venues/%ZZ')).status, 400);
    assert.deepEqual(met, ['opening', 'token'], 'without a token it would be a 401, telling nobody which paths take a parameter');
  });

  it("answers OPTIONS of a served path 405 with Allow, as any method no route takes (a listed origin's preflight is CORS's)", async () => {
    const { status, allow } = await get('/healthz', 'OPTIONS');
    assert.equal(status, 405);
    assert.equal(allow, 'GET, HEAD');
  });

  it('serves HEAD from a GET route even where another path has a HEAD route of its own', async () => {
    const served = await serve(
      new RouteTable(
        [
          routes()
            .get('/a', answer('a'))
            .add('HEAD', '/b', [answer('b')]),
        ],
        [],
      ),
    );
    assert.equal((await fetch(`${served.at}/a`, { method: 'HEAD' })).status, 200);
    await served.close();
  });

  it('sends a promise rejected with nothing, or a falsy value thrown, to the error handler as an error', async () => {
    const table = new RouteTable(
      [
        routes()
          .get('/rejected', () => Promise.reject(false))
          .get('/thrown', () => {
            throw 0;
          }),
      ],
      [],
    );
    const served = await serve(table);
    assert.equal((await fetch(`${served.at}/rejected`)).status, 500);
    assert.equal((await fetch(`${served.at}/thrown`)).status, 500);
    await served.close();
    assert.equal(served.errors.length, 2);
    assert.ok(served.errors.every((e) => e instanceof Error));
  });

  it('lists every route, and the routes serving a path', () => {
    const table = new RouteTable([routes().get('/a/:id', answer('a')).put('/a/:id', answer('a'))], []);
    assert.deepEqual(table.list(), ['GET /a/:id', 'PUT /a/:id']);
    assert.deepEqual(table.serving('/a/1'), [{ template: '/a/:id', methods: ['GET', 'PUT'] }]);
    assert.deepEqual(table.serving('/b'), []);
  });
});

/** A table served alone on loopback, every error it passes on kept (and answered 500). */
async function serve(table: RouteTable): Promise<{ at: string; errors: unknown[]; close(): Promise<void> }> {
  const errors: unknown[] = [];
  const failed: ErrorRequestHandler = (error, _req, res, _next) => {
    errors.push(error);
    res.status(500).end();
  };
  const server = express().use(table.handler()).use(failed).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    at: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    errors,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A listener's app runs its table without express's router: the request and answer still carry
 * express's helpers, every error still ends as problem+json, and a problem handler that fails
 * still answers.
 */
describe("a listener's app", () => {
  const logged: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logged.push(line) });
  let server: Server;
  let base: string;

  before(async () => {
    const table = new RouteTable(
      [
        routes()
          .get('/v1/helpers/:id', (req, res) => {
            res.set('X-Seen', req.get('x-sent') ?? '');
            res.json({ id: req.params.id, query: req.query, path: req.path, baseUrl: req.baseUrl, originalUrl: req.originalUrl });
          })
          .get('/v1/failing', () => {
            throw new Error('a fault of ours');
          })
          .get('/v1/unanswerable', (_req, res, next) => {
            // Headers of an answer begun and abandoned: the bare 500 must not carry them.
            res.setHeader('Content-Length', '10');
            res.setHeader('Content-Encoding', 'gzip');
            res.status = () => {
              throw new Error('the answer cannot be written');
            };
            next(new Error('a fault of ours'));
          }),
      ],
      [],
    );
    server = listenerApp(express(), table, logger).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it("gives a route express's request and answer helpers, as at the root of express's router", async () => {
    const res = await fetch(`${base}/v1/helpers/H%C3%A0%20N%E1%BB%99i?tinh=01`, { headers: { 'x-sent': 'yes' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-seen'), 'yes');
    assert.deepEqual(await res.json(), {
      id: 'Hà Nội',
      query: { tinh: '01' },
      path: '/v1/helpers/H%C3%A0%20N%E1%BB%99i',
      baseUrl: '',
      originalUrl: '/v1/helpers/H%C3%A0%20N%E1%BB%99i?tinh=01',
    });
  });

  it("gives a route the same helpers on the listener's own server, whose requests are born with express's prototypes", async () => {
    const app = express();
    // Born with them: the request's own prototype is its server's class's, never set to express's.
    const born = routes().get('/v1/born', (req, res) => {
      res.set('X-Seen', req.get('x-sent') ?? '').json({ query: req.query, born: Object.getPrototypeOf(req) !== app.request });
    });
    listenerApp(app, new RouteTable([born], []), logger);
    const own = createHttpServer(app, { maxConnections: 10, requestTimeoutMs: 5000, headersTimeoutMs: 5000, keepAliveTimeoutMs: 5000 });
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}/v1/born?tinh=31`, { headers: { 'x-sent': 'yes' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-seen'), 'yes');
      assert.deepEqual(await res.json(), { query: { tinh: '31' }, born: true });
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  });

  it('answers a request target that is no URL path 400, and goes on serving', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    const said = untilClosed(socket);
    socket.write('GET http://[::1/ HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n');
    const answer = await said;
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /content-type: application\/problem\+json/i);
    assert.equal((await fetch(`${base}/v1/helpers/1`)).status, 200);
  });

  it('answers an error as problem+json without its stack, and a path no route serves 404', async () => {
    const failing = await fetch(`${base}/v1/failing`);
    assert.equal(failing.status, 500);
    assert.equal(failing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.doesNotMatch(await failing.text(), /a fault of ours|at /);
    const nowhere = await fetch(`${base}/v1/nowhere`);
    assert.equal(nowhere.status, 404);
    assert.equal(((await nowhere.json()) as { status: number }).status, 404);
  });

  it("answers 500 with no body and none of the failed answer's headers, and logs why, when the problem handler itself fails", async () => {
    const res = await fetch(`${base}/v1/unanswerable`);
    assert.equal(res.status, 500);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('content-length'), '0');
    assert.equal(res.headers.get('content-encoding'), null);
    assert.equal(res.headers.get('connection'), 'close');
    assert.ok(logged.some((line) => line.includes('the problem handler failed') && line.includes('the answer cannot be written')));
  });
});
