import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART, render, valuesFor } from './chart';
import { exportedMetricNames, metricsReadBy } from './exported-metrics';

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
const dashboardText = readFileSync(join(CHART, 'files', 'grafana-dashboard.json'), 'utf8');
const dashboard = JSON.parse(dashboardText) as { panels: Panel[]; templating: { list: { query: unknown }[] } };

describe("the chart's Grafana dashboard", () => {
  it('reads in every query a metric the gateway exports, and nothing else', async () => {
    const exported = await exportedMetricNames();
    const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
    assert.ok(queries.length >= dashboard.panels.length, 'every panel queries');
    for (const { panel, expr } of queries) {
      const read = metricsReadBy(expr);
      assert.ok(read.length > 0, `${panel}: ${expr}`);
      for (const name of read) assert.ok(exported.has(name), `${panel}: ${name} is not exported`);
    }
    const variables = dashboard.templating.list.map((v) => JSON.stringify(v.query)).join(' ');
    for (const [, name] of variables.matchAll(/label_values\((\w+)/g)) assert.ok(exported.has(name as string), `variable: ${name}`);
  });

  it('ships as a ConfigMap for the sidecar, the file as it is, when enabled', () => {
    const rendered = render(valuesFor('cluster-values.yaml'));
    const configMap = rendered.kind('ConfigMap', '-dashboard');
    assert.equal(configMap.metadata.labels.grafana_dashboard, '1');
    assert.deepEqual(JSON.parse(configMap.data['vnhc-gateway.json']), dashboard);
    assert.equal(render(valuesFor('default-values.yaml')).objects.filter((o) => o.metadata.name.endsWith('-dashboard')).length, 0);
  });
});
