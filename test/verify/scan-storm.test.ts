import assert from 'node:assert/strict';
import { SandboxFixture } from '../support/sandbox-fixture';

/**
 * A storm of scans well past what one process serves well: it refuses honestly (503 with
 * Retry-After, at once) rather than answering from nothing, and its own queue never counts against
 * a healthy platform.
 */
const MAX_IN_FLIGHT = 8;

describe('verify: a scan storm past capacity', function () {
  this.timeout(60000);
  let f: SandboxFixture;
  before(async () => {
    // A small capacity, so that a storm a test can raise on two cores goes well past it.
    f = await SandboxFixture.start({ citizens: 40, env: { VERIFY_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) } });
  });
  after(() => f.stop());

  it('never answers unknown for a known citizen: each scan is answered from the records or refused at once with Retry-After, and no breaker opens against a healthy platform', async () => {
    const citizens = f.platforms.citizens.filter((c) => c.platforms.includes('tokhaiyte')).slice(0, 20);
    const codes = await Promise.all(citizens.map((c) => f.unifiedQrOf(c)));
    // From three checkpoint systems: each holds at most three quarters of the places (VERIFY_MAX_IN_FLIGHT_PER_CALLER), together all of them.
    const storm = Array.from({ length: 300 }, (_, i) => f.scan(codes[i % codes.length] as string, `checkpoint-system-${i % 3}`));
    const answers = await Promise.all(storm);

    const refused = answers.filter((a) => a.status === 503);
    const pastShare = answers.filter((a) => a.status === 429);
    const answered = answers.filter((a) => a.status === 200);
    assert.equal(
      refused.length + pastShare.length + answered.length,
      answers.length,
      `other statuses: ${[...new Set(answers.map((a) => a.status))]}`,
    );
    assert.ok(refused.length > 0, 'the storm never went past capacity: the test proves nothing');
    assert.ok(answered.length >= MAX_IN_FLIGHT, `only ${answered.length} scans were served`);
    for (const r of [...refused, ...pastShare]) {
      assert.equal(r.headers.get('retry-after'), '1');
      assert.match(r.body.type, /\/problems\/(overloaded|unavailable|too-many-requests)$/);
    }
    const unknown = answered.filter((a) => a.body.status === 'unknown');
    assert.equal(unknown.length, 0, `known citizens answered unknown: ${JSON.stringify(unknown[0]?.body.reasons)}`);
    for (const guard of f.gw.gateway.router.guards())
      assert.equal(guard.breaker.opened, false, `${guard.instance}'s breaker opened against a healthy platform`);
  });
});
