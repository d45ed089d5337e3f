import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

/**
 * A batch under an Idempotency-Key holds its key in flight while it runs: found by a hostile review,
 * a claim of a minute ran out under a batch allowed three (SERVER_REQUEST_TIMEOUT_MS raised), the
 * same key and body sent to another pod ran every line again, and the key was answered two ways.
 * Claimed now for as long as its body may take to arrive, and a minute more.
 */
describe('a batch claims its Idempotency-Key', function () {
  this.timeout(20000);

  for (const [serverMs, atLeast] of [
    [undefined, 60],
    ['180000', 175 + 60],
  ] as const)
    it(`for as long as its body may take and a minute more (SERVER_REQUEST_TIMEOUT_MS ${serverMs ?? 'as configured by default'}: at least ${atLeast} s)`, async () => {
      const gw = await TestGateway.start(serverMs === undefined ? {} : { SERVER_REQUEST_TIMEOUT_MS: serverMs });
      try {
        const claimedFor: number[] = [];
        const store = gw.gateway.store;
        const claim = store.claimIdempotencyKey.bind(store);
        store.claimIdempotencyKey = (key, fingerprint, ttlSeconds, claimant) => (
          claimedFor.push(ttlSeconds),
          claim(key, fingerprint, ttlSeconds, claimant)
        );
        const res = await gw.call('POST', '/v1/sources/bluezone/declarations:batch', {
          raw: `${JSON.stringify(goldenNative('bluezone', '03'))}\n`,
          headers: { 'idempotency-key': 'batch-bluezone-1' },
          token: gw.token(['declarations:write']),
          route: '/v1/sources/{instance}/declarations:batch',
        });
        assert.equal(res.status, 200);
        assert.equal(claimedFor.length, 1);
        assert.ok((claimedFor[0] as number) >= atLeast, `claimed for ${claimedFor[0]} s`);
      } finally {
        await gw.stop();
      }
    });
});
