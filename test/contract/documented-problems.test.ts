import assert from 'node:assert/strict';
import { DEFAULT_INSTANCES } from '../../adapters';
import { loadOpenApiDocument } from '../../gateway/http/openapi-document';
import { checkAgainstContract } from '../support/openapi-contract';
import { TestGateway } from '../support/test-gateway';

interface Operation {
  method: string;
  route: string;
  path: string;
  operationId: string;
  bodyType: string | undefined;
  statuses: string[];
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const document = loadOpenApiDocument();

/** A parameter object, through its `$ref` into components/parameters when it has one. */
const parameterOf = (p: { $ref?: string }) => (p.$ref ? document.components.parameters[p.$ref.split('/').pop() as string] : p);

/** The route with each path parameter replaced by the example the contract gives for it. */
function examplePath(route: string, parameters: { $ref?: string }[]): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const parameter = parameters.map(parameterOf).find((p) => p.in === 'path' && p.name === name);
    assert.ok(parameter?.example, `${route}: the contract gives no example for {${name}}`);
    assert.match(parameter.example, new RegExp(parameter.schema.pattern), `${route}: the example of {${name}} does not match its pattern`);
    return parameter.example;
  });
}

const operations: Operation[] = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([route, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({
      method: method.toUpperCase(),
      route,
      path: examplePath(route, operation.parameters ?? []),
      operationId: operation.operationId,
      bodyType: Object.keys(operation.requestBody?.content ?? {})[0],
      statuses: Object.keys(operation.responses),
      responses: operation.responses,
    })),
);
const v1 = operations.filter((o) => o.route.startsWith('/v1/'));

/** The statuses a /v1 operation can answer whatever it does, and those its body and path parameters add. */
function expectedProblems(o: Operation): string[] {
  const always = ['401', '403', '429', '500', '503'];
  const body = o.bodyType ? ['400', '413', '415'] : [];
  const path = o.route.includes('{') ? ['400', '404'] : [];
  return [...new Set([...always, ...body, ...path])].sort();
}

describe('contract: every problem a route can answer is documented', () => {
  it('names every operation with a camelCase verb, each name once', () => {
    for (const o of operations)
      assert.match(o.operationId ?? '', /^[a-z]+[A-Za-z0-9]*$/, `${o.method} ${o.route} has no camelCase operationId`);
    assert.equal(new Set(operations.map((o) => o.operationId)).size, operations.length);
  });

  it('lists for every /v1 operation 401, 403, 429, 500 and 503, with 400, 413, 415 for a body and 400, 404 for a path parameter', () => {
    for (const o of v1) {
      const missing = expectedProblems(o).filter((status) => !o.statuses.includes(status));
      assert.deepEqual(missing, [], `${o.method} ${o.route} does not list ${missing.join(', ')}`);
    }
  });

  it('documents every 4xx and 5xx as problem+json through the shared responses', () => {
    for (const o of operations)
      for (const [status, response] of Object.entries(o.responses).filter(([s]) => /^[45]/.test(s))) {
        // /readyz's 503 is its readiness, or the request budget's problem: both documented in place.
        if (o.route === '/readyz' && status === '503') continue;
        assert.match(response.$ref ?? '', /^#\/components\/responses\//, `${o.method} ${o.route} ${status} is not a shared response`);
        const shared = document.components.responses[(response.$ref as string).split('/').pop() as string];
        assert.deepEqual(Object.keys(shared.content), ['application/problem+json'], `${o.method} ${o.route} ${status}`);
      }
  });

  describe('as the gateway answers them', () => {
    let gw: TestGateway;
    before(async () => {
      // NCOVI with a lookup API (never called here), so that its breaker route is served.
      const instances = DEFAULT_INSTANCES.map((i) =>
        i.name === 'ncovi' ? { ...i, baseUrl: 'http://127.0.0.1:9', credentials: { token: 'khong-dung' } } : i,
      );
      gw = await TestGateway.start({}, undefined, instances);
    });
    after(() => gw.stop());

    /** A call checked against the contract with its headers: a required header (WWW-Authenticate, Retry-After, Allow) must be there. */
    async function call(method: string, o: Operation, options: Parameters<TestGateway['call']>[2]) {
      const res = await gw.call(method, o.path, { ...options, route: o.route });
      checkAgainstContract(method, o.route, res.status, res.headers.get('content-type') ?? '', res.body, res.headers);
      return res;
    }

    it('answers every /v1 operation without a token 401 with WWW-Authenticate: Bearer', async () => {
      for (const o of v1) {
        const res = await call(o.method, o, { token: null });
        assert.equal(res.status, 401, `${o.method} ${o.route}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer\b/, `${o.method} ${o.route}`);
      }
    });

    it('answers a body in a media type the operation does not read 415', async () => {
      for (const o of v1.filter((op) => op.bodyType)) {
        const res = await call(o.method, o, { raw: '<khai-bao/>', headers: { 'content-type': 'application/xml' } });
        assert.equal(res.status, 415, `${o.method} ${o.route}: ${res.text}`);
      }
    });

    it('answers a documented path asked with a method it does not take 405 with Allow', async () => {
      for (const route of Object.keys(document.paths)) {
        const o = operations.find((op) => op.route === route) as Operation;
        const res = await call('DELETE', o, {});
        assert.equal(res.status, 405, `DELETE ${route}`);
        assert.ok(res.headers.get('allow'), `DELETE ${route} has no Allow header`);
      }
    });
  });
});
