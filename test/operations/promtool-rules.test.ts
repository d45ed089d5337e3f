import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { GatewayMetrics } from '../../gateway/operations/metrics';
import { requireProgram } from '../support/tools';

const RULES = join(__dirname, '..', '..', 'helm', 'vnhc-gateway', 'files', 'alerts.yaml');
const UNIT_TESTS = join(__dirname, 'alerts.promtool.yaml');
/** The rate limiter's counter, named by agreement with its builder: the rules read it from their first scrape. */
const RATE_LIMIT_COUNTER = 'vnhc_rate_limit_refusals_total';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (): Rule[] => (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe("operators' alert rules", () => {
  it('pass promtool check rules', function () {
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const check = spawnSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /SUCCESS: \d+ rules found/);
  });

  it('fire on synthetic series of each trouble and stay silent on healthy ones (promtool test rules)', function () {
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const run = spawnSync(promtool, ['test', 'rules', UNIT_TESTS], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });

  it('each wait before firing, and carry a severity, a summary, a description and a runbook hint', () => {
    for (const rule of rules()) {
      assert.match(rule.for ?? '', /^\d+m$/, rule.alert);
      assert.ok(['critical', 'warning'].includes(rule.labels?.severity ?? ''), rule.alert);
      for (const key of ['summary', 'description', 'runbook']) assert.ok(rule.annotations?.[key], `${rule.alert}: ${key}`);
    }
  });

  it('each have a unit test that shows it firing', () => {
    const tested = readFileSync(UNIT_TESTS, 'utf8');
    for (const rule of rules())
      assert.match(tested, new RegExp(`alertname: ${rule.alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`), rule.alert);
  });

  it('read only metrics the gateway exports (and Prometheus its up)', async () => {
    const exported = new Set((await new GatewayMetrics(new GatewayEvents(), ['tokhaiyte']).registry.getMetricsAsJSON()).map((m) => m.name));
    const read = rules().flatMap((rule) => rule.expr.match(/\b(?:vnhc|nodejs|process)_\w+/g) ?? []);
    assert.ok(read.length > 10);
    for (const name of read) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      assert.ok(exported.has(base) || base === RATE_LIMIT_COUNTER, `${name} is not exported`);
    }
  });
});
