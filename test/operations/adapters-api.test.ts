import assert from 'node:assert/strict';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { DEFAULT_INSTANCES } from '../../adapters';
import { SandboxFixture } from '../support/sandbox-fixture';

describe('operators: adapters, maintenance, audit, readiness', function () {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ citizens: 20 });
  });
  beforeEach(() => f.restore());
  after(() => f.stop());

  const BREAKER = '/v1/adapters/{instance}/breaker';
  const operator = () => f.gw.token(['operator'], 'operator-lan');
  const view = async (instance: string) => {
    const res = await f.gw.call('GET', '/v1/adapters', { token: operator() });
    return res.body.processes[0].adapters.find((a: { instance: string }) => a.instance === instance);
  };

  it('shows every instance: breaker state and since when, counts, latency, sparkline, last error and success, probe', async () => {
    const citizen = f.citizenOn('tokhaiyte', 'c06');
    await f.scan(await f.unifiedQrOf(citizen));
    await f.gw.gateway.monitor.probeAll();
    const res = await f.gw.call('GET', '/v1/adapters', { token: operator() });
    assert.equal(res.body.processes.length, 1);
    assert.equal(res.body.processes[0].self, true);
    // In Vietnam's time, as every other time the gateway writes (stateSince beside it was, these were UTC).
    for (const at of [res.body.generatedAt, res.body.processes[0].reportedAt, res.body.processes[0].adapters[0].stateSince])
      assert.match(at, /\+07:00$/);
    assert.deepEqual(
      res.body.processes[0].adapters.map((a: { instance: string }) => a.instance),
      DEFAULT_INSTANCES.map((i) => i.name),
    );
    const tokhaiyte = await view('tokhaiyte');
    assert.equal(tokhaiyte.state, 'closed');
    // The 15 minutes' counts: the last minute's is the clock's minute, which may turn between the scan and the read.
    assert.ok(tokhaiyte.last15Minutes.calls >= 1 && tokhaiyte.last15Minutes.successes >= 1);
    assert.equal(typeof tokhaiyte.lastMinute.calls, 'number');
    assert.ok(tokhaiyte.latencyMs.p50 > 0);
    assert.equal(tokhaiyte.sparkline.length, 15);
    assert.ok(tokhaiyte.lastSuccessAt);
    assert.equal(tokhaiyte.probe.status, 'up');
  });

  it("shows a dead platform's probe as down, with the kind of failure and no personal data", async () => {
    await f.faults('ncovi', { down: true });
    await f.gw.gateway.monitor.probeAll();
    const ncovi = await view('ncovi');
    assert.deepEqual([ncovi.probe.status, ncovi.probe.detail], ['down', 'connection']);
  });

  it("shows a platform behind a proxy that answers its own 404 pages as down: only the platform's own not-found answer means up", async () => {
    await f.faults('smartcity-hanoi', { misrouted: true });
    await f.gw.gateway.monitor.probeAll();
    const hanoi = await view('smartcity-hanoi');
    assert.deepEqual([hanoi.probe.status, hanoi.probe.detail], ['down', 'malformed']);
  });

  it('lets an operator hold a breaker open: scans then skip that platform, on record in the audit log', async () => {
    const res = await f.gw.call('POST', '/v1/adapters/bluezone/breaker', { body: { action: 'open' }, token: operator(), route: BREAKER });
    assert.deepEqual(res.body, { instance: 'bluezone', action: 'open', state: 'open', held: true });
    const scan = await f.scan(await f.unifiedQrOf(f.citizenOn('tokhaiyte', 'bluezone')));
    assert.equal(scan.body.sources.find((s: { instance: string }) => s.instance === 'bluezone').outcome, 'breaker-open');
    const closed = await f.gw.call('POST', '/v1/adapters/bluezone/breaker', {
      body: { action: 'close' },
      token: operator(),
      route: BREAKER,
    });
    assert.deepEqual([closed.body.state, closed.body.held], ['closed', false]);
    const audit = await f.gw.call('GET', '/v1/audit', { token: operator() });
    assert.deepEqual(
      audit.body.entries.slice(0, 2).map((e: { action: string; actor: string; instance: string }) => [e.action, e.actor, e.instance]),
      [
        ['breaker-close', 'operator-lan', 'bluezone'],
        ['breaker-open', 'operator-lan', 'bluezone'],
      ],
    );
    assert.match(audit.body.entries[0].requestId, /^[\w-]+$/);
    assert.match(audit.body.entries[0].at, /\+07:00$/);
  });

  it('records a breaker action before it is applied: one whose write was not confirmed (503) is on record all the same', async () => {
    const fleet = f.gw.gateway.fleet;
    const apply = fleet.apply.bind(fleet);
    // The write reached Redis and its answer was lost: the action may take effect on every process.
    fleet.apply = async () => {
      throw new StoreUnavailable('redis: the command timed out');
    };
    try {
      const res = await f.gw.call('POST', '/v1/adapters/c06/breaker', { body: { action: 'open' }, token: operator(), route: BREAKER });
      assert.equal(res.status, 503);
    } finally {
      fleet.apply = apply;
    }
    const audit = await f.gw.call('GET', '/v1/audit', { token: operator() });
    assert.deepEqual([audit.body.entries[0].action, audit.body.entries[0].instance], ['breaker-open', 'c06']);
  });

  it('resets a breaker to closed with an empty window', async () => {
    const guard = await f.takeDown('c06', await f.unifiedQrOf(f.citizenOn('c06')));
    assert.ok(guard.breaker.stats.failures > 0);
    const res = await f.gw.call('POST', '/v1/adapters/c06/breaker', { body: { action: 'reset' }, token: operator(), route: BREAKER });
    assert.deepEqual([res.body.state, res.body.held], ['closed', false]);
    assert.equal((await view('c06')).state, 'closed');
    const { fires, failures, successes, rejects, timeouts } = guard.breaker.stats;
    assert.deepEqual({ fires, failures, successes, rejects, timeouts }, { fires: 0, failures: 0, successes: 0, rejects: 0, timeouts: 0 });
  });

  it('refuses an unknown action (400), an unknown instance (404), and anyone without the operator scope (403)', async () => {
    assert.equal(
      (await f.gw.call('POST', '/v1/adapters/bluezone/breaker', { body: { action: 'explode' }, token: operator(), route: BREAKER })).status,
      400,
    );
    assert.equal(
      (await f.gw.call('POST', '/v1/adapters/vneid/breaker', { body: { action: 'open' }, token: operator(), route: BREAKER })).status,
      404,
    );
    assert.equal((await f.gw.call('GET', '/v1/adapters', { token: f.gw.token(['verify', 'citizens:read']) })).status, 403);
    assert.equal((await f.gw.call('GET', '/v1/audit', { token: null })).status, 401);
  });

  it('is live (/healthz) and ready (/readyz) with a breaker open, listing it without failing readiness', async () => {
    await f.gw.call('POST', '/v1/adapters/zalo/breaker', { body: { action: 'open' }, token: operator(), route: BREAKER });
    const ready = await f.gw.call('GET', '/readyz', { token: null });
    assert.deepEqual([ready.status, ready.body], [200, { status: 'ready', openBreakers: ['zalo'] }]);
    assert.equal((await f.gw.call('GET', '/healthz', { token: null })).status, 200);
  });

  it('serves the dashboard page with no asset from elsewhere', async () => {
    const res = await f.gw.call('GET', '/dashboard', { token: null });
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /(src|href)="(https?:)?\/\//);
  });
});
