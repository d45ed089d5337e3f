import assert from 'node:assert/strict';
import { MockAgent, type MockPool } from 'undici';
import { timeoutSignal, UpstreamError, type LookupClient, type LookupResult } from '../../../adapters/common/upstream';

export const BASE = 'http://platform.test';

let agent: MockAgent | undefined;

/**
 * undici's MockAgent stands in for the platform in one client suite: a new one for each test, with
 * no real connection allowed, and a test fails when a request it set an answer for was never made.
 */
export function usePlatformStandIn(): void {
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    const pending = agent?.pendingInterceptors() ?? [];
    await agent?.close();
    agent = undefined;
    assert.deepEqual(
      pending.map((interceptor) => interceptor.path),
      [],
      'requests the test expected were never made',
    );
  });
}

/** The stand-in as the client's dispatcher: `createZaloClient({ baseUrl: BASE, credentials, dispatcher: standIn() })`. */
export function standIn(): MockAgent {
  assert.ok(agent, 'the platform stand-in is used inside a test of a suite that calls usePlatformStandIn()');
  return agent;
}

/** What the platform at BASE answers to one GET that matches: `answers({ path, headers }).reply(200, body)`. */
export function answers(request: {
  path: string | RegExp | ((path: string) => boolean);
  query?: Record<string, string>;
  headers?: Record<string, string>;
}): ReturnType<MockPool['intercept']> {
  return standIn()
    .get(BASE)
    .intercept({ method: 'GET', ...request });
}

/** Runs a lookup and gives its result, or the UpstreamError it failed with. */
export async function outcome(
  call: (signal: AbortSignal) => Promise<LookupResult>,
  signal = new AbortController().signal,
): Promise<LookupResult | UpstreamError> {
  try {
    return await call(signal);
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
}

export function expectFailure(result: LookupResult | UpstreamError, kind: string, extra: Partial<UpstreamError> = {}): void {
  assert.ok(result instanceof UpstreamError, `expected a ${kind} failure, got ${JSON.stringify(result)}`);
  assert.equal(result.kind, kind);
  for (const [key, value] of Object.entries(extra)) assert.equal((result as unknown as Record<string, unknown>)[key], value, key);
}

/**
 * The transport behaviours every platform client shares, against the stand-in: a reset connection, a 5xx,
 * a 429 and a 503 with Retry-After, a 2xx body that is not JSON, and a call cancelled by its signal.
 * `recordCall` is a byRecord call; `recordPath` its path.
 */
export function sharedTransportBehaviours(
  make: () => LookupClient,
  recordCall: (c: LookupClient, signal: AbortSignal) => Promise<LookupResult>,
  recordPath: string | RegExp,
): void {
  usePlatformStandIn();

  it('fails as a retryable connection failure when the connection is reset', async () => {
    answers({ path: recordPath }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const result = await outcome((s) => recordCall(make(), s));
    expectFailure(result, 'connection');
    assert.equal((result as UpstreamError).retryable, true);
  });

  it('fails as a server error on a 500', async () => {
    answers({ path: recordPath }).reply(500, '<html>Internal Server Error</html>');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'server-error', { status: 500 });
  });

  it('fails as rate-limited on 429 and 503, keeping Retry-After', async () => {
    answers({ path: recordPath }).reply(429, '', { headers: { 'retry-after': '2' } });
    expectFailure(await outcome((s) => recordCall(make(), s)), 'rate-limited', { status: 429, retryAfterMs: 2000 });
    answers({ path: recordPath }).reply(503, '', { headers: { 'retry-after': '1' } });
    expectFailure(await outcome((s) => recordCall(make(), s)), 'rate-limited', { status: 503, retryAfterMs: 1000 });
  });

  it('fails as malformed on a 200 whose body is not JSON, or not a record', async () => {
    answers({ path: recordPath }).reply(200, '{"truncated": ');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'malformed');
    answers({ path: recordPath }).reply(200, '[1,2]');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'malformed');
  });

  it("fails on a 404 that is not the platform's own not-found answer, never read as no record: an ingress's page counted by the breaker, a JSON error not", async () => {
    for (const [status, body, type, kind] of [
      [404, '<html><body><h1>404 Not Found</h1><hr>nginx</body></html>', 'text/html', 'malformed'],
      [302, '<html><body>Moved</body></html>', 'text/html', 'malformed'],
      [404, '{}', 'application/json', 'bad-request'],
    ] as const) {
      answers({ path: recordPath }).reply(status, body, { headers: { 'content-type': type } });
      const result = await outcome((s) => recordCall(make(), s));
      assert.ok(result instanceof UpstreamError, `a ${status} of ${body} was read as ${JSON.stringify(result)}`);
      assert.deepEqual([result.status, result.kind], [status, kind]);
    }
  });

  it('fails as an auth failure when the platform refuses the credentials', async () => {
    answers({ path: recordPath }).reply(401, '{}');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'auth', { status: 401 });
  });

  it('really cancels a call whose timeout signal fires: a timeout, not a hanging request', async () => {
    answers({ path: recordPath }).reply(200, '{}').delay(5000);
    const result = await outcome((s) => recordCall(make(), s), timeoutSignal(50));
    expectFailure(result, 'timeout');
  });

  it("tells a call cancelled for another reason (the scan's deadline) as aborted, whatever the reason is named", async () => {
    answers({ path: recordPath }).reply(200, '{}').delay(5000);
    // AbortSignal.timeout's reason is a DOMException named TimeoutError: only the reason's type says timeout.
    expectFailure(await outcome((s) => recordCall(make(), s), AbortSignal.timeout(50)), 'aborted');
  });
}
