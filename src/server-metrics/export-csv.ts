// server_metrics_export.csv in aiperf's layout: comments, gauge, counter and histogram sections (labels as columns), `_info` labels as rows.
import type { MetricExport, MetricKind, SeriesExport } from './export-types.js';
import type { ServerMetricsExport, ServerMetricsExportHead } from './export-json.js';
import { labelsRepr } from './export-metrics.js';
import { endpointDisplay } from './metrics-url.js';

const STAT_KEYS: Readonly<Record<MetricKind, readonly string[]>> = {
  gauge: ['avg', 'min', 'max', 'std', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99'],
  counter: ['total', 'rate', 'rate_avg', 'rate_min', 'rate_max', 'rate_std'],
  histogram: ['count', 'count_rate', 'sum', 'sum_rate', 'avg', 'p1_estimate', 'p5_estimate', 'p10_estimate', 'p25_estimate',
    'p50_estimate', 'p75_estimate', 'p90_estimate', 'p95_estimate', 'p99_estimate'],
};
/** Whole-number stats (aiperf writes them without decimals); every other number gets four. */
const WHOLE_STATS = new Set(['count']);

/** Python's csv writer ends rows with CRLF; aiperf's comment lines end with LF. */
const EOL = '\r\n';

interface Row {
  readonly endpoint: string;
  readonly name: string;
  readonly metric: MetricExport;
  readonly series: SeriesExport;
}

/** The file's text; the metadata comments name the same version and benchmark_id as the JSON. */
export function serverMetricsCsv(data: ServerMetricsExport, head: ServerMetricsExportHead): string {
  const byKind: Record<MetricKind, Row[]> = { gauge: [], counter: [], histogram: [] };
  const info: Row[] = [];
  for (const [name, metric] of data.metrics) {
    for (const series of metric.series) {
      const row = { endpoint: endpointDisplay(series.endpoint_url), name, metric, series };
      (metric.type === 'gauge' && name.endsWith('_info') ? info : byKind[metric.type]).push(row);
    }
  }
  const sections: string[] = [];
  for (const kind of ['gauge', 'counter', 'histogram'] as const) if (byKind[kind].length > 0) sections.push(section(kind, byKind[kind]));
  if (info.length > 0) sections.push(infoSection(info));
  const comments = [
    '# AIPerf Server Metrics Export (CSV)', `# aiperf_version: ${head.aiperfVersion}`, '# schema_version: 1.0',
    `# benchmark_id: ${head.benchmarkId ?? 'None'}`, '# Note: Same benchmark_id and version appear in JSON and Parquet exports', '#',
  ].map((line) => `${line}\n`).join('');
  return comments + sections.join(EOL);
}

/** "host:port" and the path without its /metrics, as aiperf shows an endpoint. */
function section(kind: MetricKind, rows: readonly Row[]): string {
  const stats = STAT_KEYS[kind];
  const labelColumns = labelOrder(rows.map((row) => row.series.labels ?? {}));
  const header = ['Endpoint', 'Type', 'Metric', 'Unit', ...stats, ...labelColumns, 'Description', ...(kind === 'histogram' ? ['buckets'] : [])];
  const sorted = rows.map((row) => ({ row, key: verticalKey(row, labelColumns) })).sort((a, b) => compareKeys(a.key, b.key)).map(({ row }) => row);
  const lines = [csvRow(header)];
  for (const { endpoint, name, metric, series } of sorted) {
    const values = series.stats as Readonly<Record<string, number | undefined>>;
    const labels = series.labels ?? {};
    const buckets = 'buckets' in series && series.buckets !== undefined ? series.buckets : {};
    lines.push(csvRow([
      endpoint, kind, name, metric.unit ?? '',
      ...stats.map((stat) => formatNumber(values[stat], WHOLE_STATS.has(stat) && kind === 'histogram')),
      ...labelColumns.map((column) => labels[column] ?? ''),
      metric.description,
      ...(kind === 'histogram' ? [Object.entries(buckets).map(([le, count]) => `${le}=${formatNumber(count, true)}`).join(';')] : []),
    ]));
  }
  return lines.join('');
}

/** Each label of an `_info` metric as its own row: Endpoint, Metric, Key, Value, Description. */
function infoSection(rows: readonly Row[]): string {
  const sorted = [...rows].sort((a, b) => compareKeys([a.name, a.endpoint], [b.name, b.endpoint]));
  const lines = [csvRow(['Endpoint', 'Metric', 'Key', 'Value', 'Description'])];
  for (const { endpoint, name, metric, series } of sorted) {
    const labels = series.labels ?? {};
    for (const key of Object.keys(labels).sort()) lines.push(csvRow([endpoint, name, key, labels[key]!, metric.description]));
  }
  return lines.join('');
}

/**
 * Label columns grouped into families of labels that appear together (union-find over each row's sorted labels), the
 * families in order of their first name; within one, labels only one label set has first, then those several share.
 */
function labelOrder(labelSets: readonly Readonly<Record<string, string>>[]): string[] {
  const sets = labelSets.map((labels) => Object.keys(labels)).filter((names) => names.length > 0);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    const p = parent.get(x)!;
    return p === x ? x : find(p);
  };
  for (const names of sets) {
    const sorted = [...names].sort();
    for (let i = 1; i < sorted.length; i++) parent.set(find(sorted[i]!), find(sorted[i - 1]!));
  }
  const all = [...new Set(sets.flat())];
  const families = new Map<string, string[]>();
  for (const label of all) {
    const root = find(label);
    families.set(root, [...(families.get(root) ?? []), label]);
  }
  const shared = new Set(all.filter((label) => sets.filter((names) => names.includes(label)).length > 1));
  const out: string[] = [];
  const byFirst = [...families.values()].map((family) => family.sort()).sort((a, b) => compareKeys([a[0]!], [b[0]!]));
  for (const family of byFirst) out.push(...family.filter((l) => !shared.has(l)), ...family.filter((l) => shared.has(l)));
  return out;
}

/** Rows with the same label columns filled sort together, then by metric, endpoint and labels. */
function verticalKey({ name, endpoint, series }: Row, columns: readonly string[]): string[] {
  const labels = series.labels ?? {};
  const pattern = columns.map((column) => (column in labels ? '1' : '0')).join('');
  return [pattern, name, endpoint, labelsRepr(labels)];
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

function formatNumber(value: number | undefined, whole: boolean): string {
  if (value === undefined) return '';
  return whole ? String(Math.trunc(value)) : value.toFixed(4);
}

/** One CSV row as Python's csv module writes it: a field quoted when it holds a comma, a quote or a line break. */
function csvRow(fields: readonly string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')}${EOL}`;
}
