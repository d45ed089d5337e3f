import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { renderChart } from './helm-template';

export const CHART = join(__dirname, '..', '..', 'helm', 'vnhc-gateway');

/** A file of the chart, parsed. */
export const readChartYaml = (file: string): any => parse(readFileSync(join(CHART, file), 'utf8'));

/** Helm's merge of values: maps merged key by key at every depth, lists and scalars replaced, a null removing its key. */
export function mergeValues(base: any, ...overrides: any[]): any {
  const merged = structuredClone(base);
  for (const over of overrides)
    for (const [key, value] of Object.entries(over ?? {})) {
      if (value === null) delete merged[key];
      else merged[key] = isMap(value) && isMap(merged[key]) ? mergeValues(merged[key], value) : structuredClone(value);
    }
  return merged;
}
const isMap = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** values.yaml, then a ci file, then overrides: what `helm template -f ci/<file> --set ...` is given. */
export const valuesFor = (ciFile: string, ...overrides: any[]) => mergeValues(readChartYaml('values.yaml'), readChartYaml(`ci/${ciFile}`), ...overrides);

/** The chart's objects as `helm template` renders them for `values`, by kind (and name where a kind has two). */
export function render(values: any): { objects: any[]; kind: (kind: string, nameSuffix?: string) => any; text: string } {
  const files = renderChart(CHART, values, { name: 'vnhc-gateway', namespace: 'yte' });
  const text = [...files.values()].join('\n---\n');
  const objects = [...files.values()].flatMap((t) => parseAllDocuments(t).map((d) => d.toJS())).filter(Boolean);
  const kind = (wanted: string, nameSuffix = '') => {
    const found = objects.filter((o) => o.kind === wanted && o.metadata.name.endsWith(`gateway${nameSuffix}`));
    if (found.length !== 1) throw new Error(`${found.length} objects of kind ${wanted}${nameSuffix}`);
    return found[0];
  };
  return { objects, kind, text };
}
