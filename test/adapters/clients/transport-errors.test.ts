import assert from 'node:assert/strict';
import { getJson, type HttpClient } from '../../../adapters/common/http-lookup';
import { timeoutSignal, UpstreamError } from '../../../adapters/common/upstream';
import { GatewayError } from '../../../gateway/errors/gateway-error';

/** A client whose every request fails with `error`, as a defect of ours would. */
const failingWith = (error: unknown): HttpClient => ({ get: () => Promise.reject(error), close: async () => {} });

describe('transport failures', () => {
  it("lets a defect of ours (a TypeError) go on as it is, never as the platform's connection failure", async () => {
    const defect = new TypeError('Cannot read properties of undefined');
    await assert.rejects(getJson(failingWith(defect), '/x', new AbortController().signal), (error) => error === defect);
  });

  it('are of the one error root: an UpstreamError is a GatewayError with code upstream, keeping its kind', () => {
    const error = new UpstreamError('rate-limited', 'the platform answered 429', 429, 1000);
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'upstream');
    assert.deepEqual([error.kind, error.status, error.retryAfterMs, error.retryable], ['rate-limited', 429, 1000, true]);
  });

  it('carry their timeout as the reason of a timeout signal, by type', async () => {
    const signal = timeoutSignal(10);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    assert.ok(signal.reason instanceof UpstreamError && signal.reason.kind === 'timeout');
  });
});
