import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { GatewayMetrics } from '../../gateway/operations/metrics';

/** The rate limiter's counter, named by agreement with its builder: the rules and the dashboard read it from its first scrape. */
const RATE_LIMIT_COUNTER = 'vnhc_rate_limit_refusals_total';

/** Every metric name a gateway's /metrics carries (a histogram's _bucket, _sum and _count included), and Prometheus's own `up`. */
export async function exportedMetricNames(): Promise<Set<string>> {
  const metrics = await new GatewayMetrics(new GatewayEvents(), ['tokhaiyte']).registry.getMetricsAsJSON();
  const names = metrics.flatMap((m) => (String(m.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => `${m.name}${suffix}`) : [m.name]));
  return new Set([...names, 'up', RATE_LIMIT_COUNTER]);
}

/**
 * The exported metrics that carry a label of their own named `label` (a histogram's series included).
 * Prometheus keeps its target's `instance` and stores a metric's own `instance` as `exported_instance`.
 */
export function metricsLabelled(label: string): Set<string> {
  const metrics = new GatewayMetrics(new GatewayEvents(), ['tokhaiyte']).registry.getMetricsAsArray() as unknown as { name: string; labelNames: string[] }[];
  const labelled = metrics.filter((m) => m.labelNames.includes(label)).map((m) => m.name);
  return new Set(labelled.flatMap((name) => [name, ...['_bucket', '_sum', '_count'].map((suffix) => `${name}${suffix}`)]));
}

const NOT_METRICS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, groupings and function calls are taken out. */
export function metricsReadBy(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/\b([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)].map((m) => m[1] as string).filter((word) => !NOT_METRICS.has(word) && !/^\d/.test(word));
}
