import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SandboxFixture } from '../support/sandbox-fixture';
import { goldenNative } from '../support/mapping';
import { requireProgram } from '../support/tools';

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

  it("count adapter calls by outcome, and show each breaker's state", () => {
    assert.ok(sample(text, 'vnhc_adapter_calls_total', { instance: 'tokhaiyte', outcome: 'not-found' }) >= 1);
    assert.equal(sample(text, 'vnhc_adapter_breaker_state', { instance: 'bluezone' }), 0);
    assert.ok(text.includes('vnhc_process_cpu_user_seconds_total'), "Node's default metrics");
  });

  it('carry no personal data and no unbounded label: no name, number, phone or id anywhere', () => {
    for (const personal of ['079085001234', '912345678', 'Nguy', 'NGUY', 'cit_', 'dcl_', 'TK21081500012345'])
      assert.ok(!text.includes(personal), personal);
  });

  it("are valid Prometheus exposition, as promtool checks it, with no lint finding on the gateway's own metrics", function () {
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const findings = `${check.stdout}${check.stderr}`.split('\n').filter(Boolean);
    // 0: clean; 3: lint findings only (1 would be a parse error). prom-client's own Node.js gauges end
    // in _total, which promtool's linter dislikes: those are the only findings allowed.
    assert.ok(check.status === 0 || check.status === 3, findings.join('\n'));
    assert.deepEqual(
      findings.filter((f) => !/^vnhc_nodejs_\w+ non-counter metrics should not have "_total" suffix$/.test(f)),
      [],
    );
  });
});
