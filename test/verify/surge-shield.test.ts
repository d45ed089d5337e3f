import assert from 'node:assert/strict';
import type { LookupCount } from '../../gateway/sandbox/lookup-counts';
import { SandboxFixture } from '../support/sandbox-fixture';
import { describeOnEveryStore, type TestStore } from '../support/stores';

/**
 * A checkpoint surge: 200 scans of three citizens at once, against a gateway and the simulated
 * platforms over real HTTP, counting what each platform received. Nothing is timed: calls are
 * counted (by each simulator, per lookup: one path and query is one citizen on one platform).
 */
const SCANS = 200;
const CITIZENS = 3;
/** The health probe's lookup at start: not a scan's. */
const PROBE = 'HEALTHPROBE';

/** A gateway and its simulated platforms for the suite it is called in (started before, stopped after); its accessor. */
function surgeGateway(env: NodeJS.ProcessEnv, instance?: { rateBudgetPerSecond: number }): () => SandboxFixture {
  let f: SandboxFixture | undefined;
  before(async () => {
    f = await startSurgeFixture(env, instance);
  });
  after(() => f?.stop());
  return () => f as SandboxFixture;
}

async function startSurgeFixture(env: NodeJS.ProcessEnv, instance?: { rateBudgetPerSecond: number }): Promise<SandboxFixture> {
  const f = await SandboxFixture.start({
    // Every scan served (no 503 at capacity), with time to spare on two shared cores; one probe at start, none during the surge.
    env: { VERIFY_MAX_IN_FLIGHT: '1000', VERIFY_DEADLINE_MS: '5000', HEALTH_PROBE_INTERVAL_MS: '0', ...env },
    // A call timed out by a CPU-starved gateway is not held, and is made again: counted, it would blur the count.
    breaker: { timeoutMs: 3000 },
    instance,
  });
  // Every platform answers in 20 ms: a slow one's timeout would be a failure, asked again, and blur the count.
  for (const simulator of f.platforms.simulators) simulator.setFaults({ latencyMs: 20, jitterMs: 0, errorRate: 0 });
  return f;
}

/** Three citizens each on three platforms or more. */
async function surgeOf(f: SandboxFixture) {
  const citizens = f.platforms.citizens.filter((c) => c.platforms.length >= 3).slice(0, CITIZENS);
  assert.equal(citizens.length, CITIZENS);
  const codes = await Promise.all(citizens.map((c) => f.unifiedQrOf(c)));
  for (const simulator of f.platforms.simulators) simulator.lookups.clear();
  const firstSecond = Math.floor(Date.now() / 1000);
  const answers = await Promise.all(Array.from({ length: SCANS }, (_, i) => f.scan(codes[i % CITIZENS] as string)));
  const seconds = Math.floor(Date.now() / 1000) - firstSecond + 1;
  for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const byInstance = lookupsOf(f);
  return { answers: answers.map((a) => a.body), seconds, byInstance, perLookup: [...byInstance.values()].flat() };
}

/** Every lookup's count of `what` was one. */
function onceEach(perLookup: LookupCount[], what: 'calls' | 'maxInFlight'): void {
  assert.ok(perLookup.length > 0, 'no platform was asked');
  assert.deepEqual(
    perLookup.filter((c) => c[what] !== 1),
    [],
  );
}

/** What each simulator received during the surge, per lookup, the start's probe left out. */
function lookupsOf(f: SandboxFixture): Map<string, LookupCount[]> {
  return new Map(
    f.platforms.simulators.map((s) => [s.instance.name, [...s.lookups.all()].filter(([path]) => !path.includes(PROBE)).map(([, c]) => c)]),
  );
}

const outcomes = (answers: any[]) => answers.flatMap((a) => a.sources.map((s: { outcome: string }) => s.outcome));

describe('verify: a surge of scans with the freshness window on', function () {
  this.timeout(60000);
  const gateway = surgeGateway({ VERIFY_FRESHNESS_SECONDS: '30' });

  it('costs each platform one call per citizen: every other scan is answered fresh-cache, with its age, or shares that call', async () => {
    const { answers, perLookup } = await surgeOf(gateway());
    // Each citizen's answer names every platform asked for them: that many lookups in all, one call each.
    const asked = new Set(answers.flatMap((a) => a.sources.map((s: { instance: string }) => `${a.citizenId} ${s.instance}`)));
    assert.equal(perLookup.length, asked.size);
    onceEach(perLookup, 'calls');
    const seen = outcomes(answers);
    assert.equal(seen.filter((o) => o === 'answered').length + seen.filter((o) => o === 'fresh-cache').length, seen.length, seen.join());
    assert.ok(seen.includes('fresh-cache'));
    for (const a of answers)
      for (const s of a.sources) if (s.outcome === 'fresh-cache') assert.ok(s.ageSeconds >= 0 && s.stale === false, JSON.stringify(s));
    assert.equal(answers.filter((a) => a.status === 'unknown').length, 0);
  });
});

describe('verify: the freshness window and a revoked code', function () {
  this.timeout(60000);
  const gateway = surgeGateway({ VERIFY_FRESHNESS_SECONDS: '30' });

  it("answers a revoked code invalid within the window, without a platform's answer, and the citizen's new code from it", async () => {
    const f = gateway();
    const citizen = f.platforms.citizens.filter((c) => c.platforms.length >= 3)[0]!;
    const citizenId = await f.gw.gateway.store.ownerOf(`vn-cccd:${citizen.cccd}`);
    const old = await f.unifiedQrOf(citizen);
    assert.ok((await f.scan(old)).body.sources.every((s: { outcome: string }) => s.outcome === 'answered'));
    await f.gw.call('POST', `/v1/citizens/${citizenId}/qr/revoke`);
    const revoked = (await f.scan(old)).body;
    assert.deepEqual([revoked.status, revoked.reasons[0].code, revoked.sources], ['invalid', 'qr-revoked', []]);
    const renewed = (await f.scan(await f.unifiedQrOf(citizen))).body;
    assert.ok(
      renewed.sources.every((s: { outcome: string }) => s.outcome === 'fresh-cache'),
      JSON.stringify(renewed.sources),
    );
  });
});

describe('verify: a surge of scans with the window off', function () {
  this.timeout(60000);
  const gateway = surgeGateway({ VERIFY_FRESHNESS_SECONDS: '0' });

  it('never has two calls to one platform for one citizen at once: concurrent scans share the call in flight', async () => {
    const f = gateway();
    const { answers, perLookup } = await surgeOf(f);
    onceEach(perLookup, 'maxInFlight');
    const calls = perLookup.reduce((n, c) => n + c.calls, 0);
    const sources = answers.reduce((n, a) => n + a.sources.length, 0);
    assert.ok(calls < sources, `${calls} calls for ${sources} sources: no scan shared a call`);
    assert.match(await f.gw.gateway.metrics.render(), /^vnhc_adapter_single_flight_shared_total\{instance="[a-z0-9-]+"\} [1-9]\d*$/m);
    assert.equal(answers.filter((a) => a.status === 'unknown').length, 0);
  });
});

const BUDGET = 5;

describeOnEveryStore(`verify: a surge of scans past a budget of ${BUDGET} calls a second`, function (store: TestStore) {
  this.timeout(60000);
  const gateway = surgeGateway({ ...store.env, VERIFY_FRESHNESS_SECONDS: '0' }, { rateBudgetPerSecond: BUDGET });

  it('sends each platform at most its budget in each second of the surge, and answers the rest from what the gateway holds, marked budget-exhausted', async () => {
    const f = gateway();
    const { answers, seconds, byInstance } = await surgeOf(f);
    for (const [instance, lookups] of byInstance) {
      const calls = lookups.reduce((n, c) => n + c.calls, 0);
      assert.ok(calls <= BUDGET * seconds, `${instance} received ${calls} calls in ${seconds} s`);
    }
    const exhausted = answers.flatMap((a) => a.sources.filter((s: { outcome: string }) => s.outcome === 'budget-exhausted'));
    assert.ok(exhausted.length > 0, 'no scan went past the budget: the test proves nothing');
    // What could not be asked is never "no record": the citizens' own declarations are held by the gateway.
    assert.equal(answers.filter((a) => a.status === 'unknown').length, 0);
    assert.ok(!outcomes(answers).includes('not-found'));
    assert.match(await f.gw.gateway.metrics.render(), /^vnhc_adapter_budget_refusals_total\{instance="[a-z0-9-]+"\} [1-9]\d*$/m);
  });
});
