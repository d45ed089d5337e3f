import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART, render, valuesFor } from './chart';
import { exportedMetricNames, metricsLabelled, metricsReadBy } from './exported-metrics';

interface Panel {
  title: string;
  targets?: { expr: string; legendFormat?: string }[];
}
const dashboardText = readFileSync(join(CHART, 'files', 'grafana-dashboard.json'), 'utf8');
const dashboard = JSON.parse(dashboardText) as { panels: Panel[]; templating: { list: { query: unknown }[] } };

const queries = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr, legend: target.legendFormat ?? '' })),
);

describe("the chart's Grafana dashboard", () => {
  it('reads in every query a metric the gateway exports, and nothing else', async () => {
    const exported = await exportedMetricNames();
    assert.ok(queries.length >= dashboard.panels.length, 'every panel queries');
    for (const { panel, expr } of queries) {
      const read = metricsReadBy(expr);
      assert.ok(read.length > 0, `${panel}: ${expr}`);
      for (const name of read) assert.ok(exported.has(name), `${panel}: ${name} is not exported`);
    }
    const variables = dashboard.templating.list.map((v) => JSON.stringify(v.query)).join(' ');
    for (const [, name] of variables.matchAll(/label_values\((\w+)/g)) assert.ok(exported.has(name as string), `variable: ${name}`);
  });

  it("groups a platform's series by exported_instance: Prometheus keeps instance for the scraped process", () => {
    const labelled = metricsLabelled('instance');
    const platformQueries = queries.filter(({ expr }) => metricsReadBy(expr).some((name) => labelled.has(name)));
    assert.ok(platformQueries.length > 0);
    for (const { panel, expr, legend } of platformQueries) {
      assert.doesNotMatch(expr, /\b(by|without)\s*\([^)]*\binstance\b/, `${panel}: ${expr}`);
      assert.doesNotMatch(legend, /\{\{\s*instance\s*\}\}/, `${panel}: ${legend}`);
    }
  });

  it('shows the calls the platform shield spares each platform: answers within the freshness window, shared calls, calls past the budget', () => {
    for (const metric of ['vnhc_adapter_fresh_cache_total', 'vnhc_adapter_single_flight_shared_total', 'vnhc_adapter_budget_refusals_total']) {
      const query = queries.find(({ expr }) => metricsReadBy(expr).includes(metric));
      assert.ok(query, `${metric} is on no panel`);
      assert.match(query.panel, /^Platform calls spared/);
      assert.match(query.expr, /^sum by \(exported_instance\) \(rate\(/);
      assert.match(query.legend, /\{\{exported_instance\}\}/);
    }
  });

  it("puts every platform metric the gateway exports on a panel (the timeouts its own held event loop caused too)", async () => {
    // A histogram is shown when any of its series is (a p99 reads _bucket, not _sum or _count).
    const family = (name: string) => name.replace(/_(?:bucket|sum|count)$/, '');
    const shown = new Set(queries.flatMap(({ expr }) => metricsReadBy(expr).map(family)));
    const platformMetrics = [...(await exportedMetricNames())].filter((name) => name.startsWith('vnhc_adapter_'));
    assert.ok(platformMetrics.includes('vnhc_adapter_gateway_delays_total'));
    assert.deepEqual(
      platformMetrics.filter((name) => !shown.has(family(name))),
      [],
    );
  });

  it("shows the identity provider's key reads by outcome, failed ones apart", () => {
    const reads = queries.filter(({ expr }) => metricsReadBy(expr).includes('vnhc_auth_jwks_reads_total'));
    assert.equal(reads.length, 1);
    assert.match(reads[0]?.expr ?? '', /^sum by \(outcome\) /);
    assert.match(reads[0]?.legend ?? '', /\{\{outcome\}\}/);
  });

  it('ships as a ConfigMap for the sidecar, the file as it is, when enabled', () => {
    const rendered = render(valuesFor('cluster-values.yaml'));
    const configMap = rendered.kind('ConfigMap', '-dashboard');
    assert.equal(configMap.metadata.labels.grafana_dashboard, '1');
    assert.deepEqual(JSON.parse(configMap.data['vnhc-gateway.json']), dashboard);
    assert.equal(render(valuesFor('default-values.yaml')).objects.filter((o) => o.metadata.name.endsWith('-dashboard')).length, 0);
  });
});
