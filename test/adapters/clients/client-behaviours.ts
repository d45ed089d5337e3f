import assert from 'node:assert/strict';
import nock from 'nock';
import { timeoutSignal, UpstreamError, type LookupClient, type LookupResult } from '../../../adapters/common/upstream';

export const BASE = 'http://platform.test';

// nock patches node's HTTP stack when it is loaded: undo that at once, so that the other tests
// (real HTTP on loopback) never run through it; the client suites switch it on for themselves.
nock.restore();

/**
 * nock for one client suite only: active inside it, with no real connection allowed, and every
 * interceptor gone after each test; restored when the suite ends.
 */
export function useNock(): void {
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  after(() => {
    nock.enableNetConnect();
    nock.restore();
  });
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
 * The transport behaviours every platform client shares, against nock: a reset connection, a 5xx,
 * a 429 and a 503 with Retry-After, a 2xx body that is not JSON, and a call cancelled by its signal.
 * `recordCall` is a byRecord call; `recordPath` its path.
 */
export function sharedTransportBehaviours(
  make: () => LookupClient,
  recordCall: (c: LookupClient, signal: AbortSignal) => Promise<LookupResult>,
  recordPath: string | RegExp,
): void {
  useNock();

  it('fails as a retryable connection failure when the connection is reset', async () => {
    nock(BASE)
      .get(recordPath)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const result = await outcome((s) => recordCall(make(), s));
    expectFailure(result, 'connection');
    assert.equal((result as UpstreamError).retryable, true);
  });

  it('fails as a server error on a 500', async () => {
    nock(BASE).get(recordPath).reply(500, '<html>Internal Server Error</html>');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'server-error', { status: 500 });
  });

  it('fails as rate-limited on 429 and 503, keeping Retry-After', async () => {
    nock(BASE).get(recordPath).reply(429, '', { 'Retry-After': '2' });
    expectFailure(await outcome((s) => recordCall(make(), s)), 'rate-limited', { status: 429, retryAfterMs: 2000 });
    nock(BASE).get(recordPath).reply(503, '', { 'Retry-After': '1' });
    expectFailure(await outcome((s) => recordCall(make(), s)), 'rate-limited', { status: 503, retryAfterMs: 1000 });
  });

  it('fails as malformed on a 200 whose body is not JSON, or not a record', async () => {
    nock(BASE).get(recordPath).reply(200, '{"truncated": ');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'malformed');
    nock(BASE).get(recordPath).reply(200, '[1,2]');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'malformed');
  });

  it('fails as an auth failure when the platform refuses the credentials', async () => {
    nock(BASE).get(recordPath).reply(401, '{}');
    expectFailure(await outcome((s) => recordCall(make(), s)), 'auth', { status: 401 });
  });

  it('really cancels a call whose timeout signal fires: a timeout, not a hanging request', async () => {
    const scope = nock(BASE).get(recordPath).delay(5000).reply(200, '{}');
    const result = await outcome((s) => recordCall(make(), s), timeoutSignal(50));
    expectFailure(result, 'timeout');
    assert.equal(scope.isDone(), true);
  });

  it("tells a call cancelled for another reason (the scan's deadline) as aborted, whatever the reason is named", async () => {
    nock(BASE).get(recordPath).delay(5000).reply(200, '{}');
    // AbortSignal.timeout's reason is a DOMException named TimeoutError: only the reason's type says timeout.
    expectFailure(await outcome((s) => recordCall(make(), s), AbortSignal.timeout(50)), 'aborted');
  });
}
