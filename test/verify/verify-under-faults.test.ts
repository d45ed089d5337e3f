import assert from 'node:assert/strict';
import { SandboxFixture } from '../support/sandbox-fixture';
import { describeOnEveryStore } from '../support/stores';
import { nextEvent } from '../support/wait-for';

const DEADLINE_MS = 800;

/** Platforms misbehaving on purpose (PUT /__faults), over real HTTP. */
describeOnEveryStore('verify: a platform slow or down', function (store) {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    // Tight breakers so that a few scans open one; the policy's deadline is the default 800 ms.
    f = await SandboxFixture.start({ env: store.env, breaker: { volumeThreshold: 3, resetTimeoutMs: 1500, errorThresholdPercentage: 50 } });
  });
  beforeEach(() => f.restore());
  after(() => f?.stop());

  const sourceOf = (body: any, instance: string) => body.sources.find((s: { instance: string }) => s.instance === instance);

  it('opens the breaker of a platform that is down, answers within the deadline with the last good answer marked stale, and closes it through a half-open probe when the platform is back', async () => {
    const citizen = f.citizenOn('tokhaiyte', 'bluezone');
    const qr = await f.unifiedQrOf(citizen);
    const healthy = await f.scan(qr);
    assert.equal(sourceOf(healthy.body, 'bluezone').outcome, 'answered');

    // Listening from now on: the half-open transition comes a reset timeout after opening, and must not be missed.
    const halfOpened = nextEvent(f.guard('bluezone').breaker, 'halfOpen', 10000, 'the bluezone breaker to turn half-open');
    const guard = await f.takeDown('bluezone', qr);

    const started = Date.now();
    const during = await f.scan(qr);
    const elapsed = Date.now() - started;
    const bluezone = sourceOf(during.body, 'bluezone');
    assert.equal(bluezone.outcome, 'breaker-open');
    assert.equal(bluezone.stale, true);
    assert.ok(Number.isInteger(bluezone.ageSeconds));
    assert.equal(sourceOf(during.body, 'tokhaiyte').outcome, 'answered', 'the other platforms keep answering');
    assert.ok(elapsed < DEADLINE_MS + 400, `the scan took ${elapsed} ms`);

    await f.faults('bluezone', { down: false });
    await halfOpened;
    const after = await f.scan(qr);
    assert.equal(sourceOf(after.body, 'bluezone').outcome, 'answered');
    assert.equal(guard.breaker.closed, true);
  });

  it('never holds a scan past the deadline for a platform at 2 s latency: that source is a timeout, the others answer', async () => {
    const citizen = f.citizenOn('tokhaiyte', 'c06');
    const qr = await f.unifiedQrOf(citizen);
    await f.faults('c06', { latencyMs: 2000, jitterMs: 0 });
    const started = Date.now();
    const res = await f.scan(qr);
    const elapsed = Date.now() - started;
    assert.equal(sourceOf(res.body, 'c06').outcome, 'timeout');
    assert.equal(sourceOf(res.body, 'tokhaiyte').outcome, 'answered');
    assert.ok(elapsed < 1500, `a 2 s platform held the scan for ${elapsed} ms`);
  });

  it("keeps answering when a platform fails most requests with its own error (Zalo's 429)", async () => {
    const citizen = f.citizenOn('tokhaiyte', 'zalo');
    const qr = await f.unifiedQrOf(citizen);
    await f.faults('zalo', { errorRate: 1 });
    const res = await f.scan(qr);
    assert.ok(['error', 'breaker-open'].includes(sourceOf(res.body, 'zalo').outcome));
    assert.notEqual(res.body.status, 'unknown', 'the stored declarations and the other platforms still decide');
  });
});
