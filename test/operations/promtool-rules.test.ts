import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exportedMetricNames, metricsReadBy } from '../helm/exported-metrics';
import { requireProgram } from '../support/tools';

const RULES = join(__dirname, '..', '..', 'helm', 'vnhc-gateway', 'files', 'alerts.yaml');
const UNIT_TESTS = join(__dirname, 'alerts.promtool.yaml');

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
    const exported = await exportedMetricNames();
    for (const rule of rules()) {
      const read = metricsReadBy(rule.expr);
      assert.ok(read.length > 0, rule.alert);
      for (const name of read) assert.ok(exported.has(name), `${rule.alert}: ${name} is not exported`);
    }
  });
});
