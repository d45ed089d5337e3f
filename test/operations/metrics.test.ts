import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxFixture } from '../support/sandbox-fixture';
import { goldenNative } from '../support/mapping';
import { requireProgram } from '../support/tools';
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { GatewayMetrics } from '../../gateway/operations/metrics';
import type { CallDetail, SourceOutcome } from '../../gateway/routing/guarded-lookup';

/** The value of one series in a Prometheus text exposition, or 0 when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = line.slice(name.length).split(' ')[0] as string;
    if (wanted.every((w) => labelPart.includes(w))) return Number(line.split(' ').pop());
  }
  return 0;
}

describe('metrics', function () {
  this.timeout(30000);
  let f: SandboxFixture;
  let text: string;
  const SINGLE = '/v1/sources/{instance}/declarations';

  before(async () => {
    f = await SandboxFixture.start({ citizens: 10 });
    // A scripted run: 3 new records (one a new citizen, two joining), 1 replay, 2 refusals, 3 scans.
    const post = (instance: string, body: unknown) => f.gw.call('POST', `/v1/sources/${instance}/declarations`, { body, route: SINGLE });
    await post('tokhaiyte', goldenNative('tokhaiyte', '01'));
    await post('c06', goldenNative('c06', '01'));
    await post('ncovi', goldenNative('ncovi', '01'));
    await post('ncovi', goldenNative('ncovi', '01'));
    await post('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), dien_thoai: '123' });
    await post('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), nam_sinh: 2099, dien_thoai: '123' });
    const qr = (await post('tokhaiyte', goldenNative('tokhaiyte', '01'))).body.citizen.qr;
    await f.scan(qr);
    await f.scan('not a qr');
    await f.scan('TKYT:TK99999999999999');
    text = (await f.gw.call('GET', '/metrics', { token: null, route: '/metrics' })).text;
  });
  after(() => f.stop());

  it('count the declarations of the run by instance and result', () => {
    // The fixture's seeding ingested the simulators' records before the run: count from what the run added.
    assert.ok(sample(text, 'vnhc_declarations_ingested_total', { instance: 'c06', result: 'created' }) >= 1);
    assert.equal(sample(text, 'vnhc_declarations_ingested_total', { instance: 'tokhaiyte', result: 'refused' }), 2);
    assert.ok(sample(text, 'vnhc_declarations_ingested_total', { instance: 'ncovi', result: 'replayed' }) >= 1);
  });

  it('count refusal reasons by code', () => {
    assert.equal(sample(text, 'vnhc_refusal_reasons_total', { code: 'invalid-phone' }), 2);
    assert.equal(sample(text, 'vnhc_refusal_reasons_total', { code: 'invalid-date' }), 1);
  });

  it('count scans by status and QR kind', () => {
    assert.equal(sample(text, 'vnhc_scans_total', { status: 'invalid', qr_kind: 'unrecognized' }), 1);
    assert.equal(sample(text, 'vnhc_scans_total', { status: 'unknown', qr_kind: 'tokhaiyte' }), 1);
    assert.equal(sample(text, 'vnhc_scans_total', { qr_kind: 'unified' }), 1);
  });

  it('count joins and new citizens', () => {
    assert.ok(sample(text, 'vnhc_identity_joins_total', { rule: 'document' }) >= 2);
    assert.equal(sample(text, 'vnhc_identity_joins_total', { rule: 'new-citizen' }), sample(text, 'vnhc_citizens_created_total'));
  });

  it('count HTTP requests by route template and status, with a latency histogram', () => {
    assert.equal(
      sample(text, 'vnhc_http_requests_total', { route: '/v1/sources/:instance/declarations', method: 'POST', status: '422' }),
      2,
    );
    assert.ok(sample(text, 'vnhc_http_request_duration_seconds_count', { route: '/v1/verify' }) >= 3);
  });

  it('count adapter calls by outcome', () => {
    assert.ok(sample(text, 'vnhc_adapter_calls_total', { instance: 'tokhaiyte', outcome: 'not-found' }) >= 1);
  });

  it("time the platform's own part of a call: one its breaker refused is counted, not timed at 0 s, and our pause before a retry is not the platform's", async () => {
    const events = new GatewayEvents();
    const metrics = new GatewayMetrics(events, ['c06']);
    events.emit('adapter-call', { instance: 'c06', outcome: 'answered', latencyMs: 420, sentMs: 420, rejected: false });
    for (let i = 0; i < 10; i++) events.emit('adapter-call', { instance: 'c06', outcome: 'breaker-open', latencyMs: 0, rejected: true });
    // A 429 (Retry-After 0.5 s) whose retry the breaker, just opened, turned away: the platform took 40 ms of the call's 540.
    events.emit('adapter-call', { instance: 'c06', outcome: 'breaker-open', latencyMs: 540, sentMs: 40, rejected: true });
    const scrape = await metrics.registry.metrics();
    assert.equal(sample(scrape, 'vnhc_adapter_calls_total', { instance: 'c06', outcome: 'breaker-open' }), 11);
    assert.equal(sample(scrape, 'vnhc_adapter_call_duration_seconds_count', { instance: 'c06', outcome: 'breaker-open' }), 1);
    assert.equal(sample(scrape, 'vnhc_adapter_call_duration_seconds_sum', { instance: 'c06', outcome: 'breaker-open' }), 0.04);
    assert.equal(sample(scrape, 'vnhc_adapter_call_duration_seconds_count', { instance: 'c06', outcome: 'answered' }), 1);
  });

  it("tell a platform's refusals and the calls turned away for load from its failures, as the dashboard's card counts them", async () => {
    const events = new GatewayEvents();
    const metrics = new GatewayMetrics(events, ['zalo']);
    const call = (outcome: SourceOutcome, detail: CallDetail | undefined, rejected: boolean, sentMs?: number) =>
      events.emit('adapter-call', {
        instance: 'zalo',
        outcome,
        latencyMs: sentMs ?? 0,
        ...(sentMs === undefined ? {} : { sentMs }),
        ...(detail ? { detail } : {}),
        rejected,
      });
    // A made-up Zalo code: the platform refuses it in its own words; it is not failing.
    for (let i = 0; i < 3; i++) call('error', 'bad-request', false, 12);
    // Turned away for load: the gateway's bulkhead full, its pause after a Retry-After, the platform's own 503.
    call('error', 'bulkhead-full', true);
    call('error', 'rate-limited', true);
    call('error', 'rate-limited', true, 30);
    // The platform failing: a 500, a connection refused.
    call('error', 'server-error', false, 25);
    call('error', 'connection', false, 3);
    call('breaker-open', 'held-open', true);
    call('timeout', 'timeout', false, 800);
    const scrape = await metrics.registry.metrics();
    const calls = (outcome: string) => sample(scrape, 'vnhc_adapter_calls_total', { instance: 'zalo', outcome });
    assert.deepEqual(
      {
        refused: calls('refused'),
        rejected: calls('rejected'),
        error: calls('error'),
        breakerOpen: calls('breaker-open'),
        timeout: calls('timeout'),
      },
      { refused: 3, rejected: 3, error: 2, breakerOpen: 1, timeout: 1 },
    );
    assert.equal(sample(scrape, 'vnhc_adapter_call_duration_seconds_count', { instance: 'zalo', outcome: 'refused' }), 3);
  });

  it("show each breaker's state as one series per state, as Resilience4j does: 1 for the current one, 0 for the others", async () => {
    const states = (scrape: string) =>
      Object.fromEntries(
        ['closed', 'open', 'half_open'].map((state) => [
          state,
          sample(scrape, 'vnhc_adapter_breaker_state', { instance: 'bluezone', state }),
        ]),
      );
    assert.deepEqual(states(text), { closed: 1, open: 0, half_open: 0 });
    await f.gw.gateway.fleet.apply('bluezone', 'open');
    try {
      const held = (await f.gw.call('GET', '/metrics', { token: null, route: '/metrics' })).text;
      assert.deepEqual(states(held), { closed: 0, open: 1, half_open: 0 });
    } finally {
      await f.gw.gateway.fleet.apply('bluezone', 'reset');
    }
  });

  it("export Node's default metrics under their conventional names, beside the V8 heap limit they are read against", () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      assert.match(text, new RegExp(`^${name} `, 'm'), name);
    assert.ok(!text.includes('vnhc_process_') && !text.includes('vnhc_nodejs_heap_size_used'), 'no prefix on the defaults');
    assert.ok(sample(text, 'vnhc_nodejs_heap_size_limit_bytes') > sample(text, 'nodejs_heap_size_used_bytes'));
  });

  it('say which build runs: vnhc_build_info is 1, with the version of package.json, the Node.js version and the revision', () => {
    const version = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    assert.equal(sample(text, 'vnhc_build_info', { version, node_version: process.version, revision: 'unknown' }), 1);
  });

  it('show the store writable while readiness writes succeed', () => {
    assert.equal(sample(text, 'vnhc_store_writable'), 1);
  });

  it('carry no personal data and no unbounded label: no name, number, phone or id anywhere', () => {
    for (const personal of ['079085001234', '912345678', 'Nguy', 'NGUY', 'cit_', 'dcl_', 'TK21081500012345'])
      assert.ok(!text.includes(personal), personal);
  });

  it('are valid Prometheus exposition on which promtool check metrics reports nothing at all', function () {
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(`${check.stdout}${check.stderr}`, '');
    assert.equal(check.status, 0);
  });
});
