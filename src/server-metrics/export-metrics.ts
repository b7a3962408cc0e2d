// The endpoints' tallies as aiperf's exports hold them (each metric by name, its series from every endpoint), and each endpoint's fetch info.
import { epochNs } from '../util/epoch-now.js';
import { linearPercentile } from '../util/linear-percentile.js';
import type { EndpointTally, TalliedSeries } from './endpoint-tally.js';
import type { EndpointInfo, MetricExport, SeriesExport } from './export-types.js';
import type { Labels } from './families.js';
import { sliceSpans, type SliceSpan } from './slice-spans.js';
import { inferUnit } from './units.js';

/** Metrics by name, in name order; series by endpoint URL, then labels. A series with nothing over the run is left out. */
export function exportMetrics(endpoints: readonly EndpointTally[], sliceSeconds: number | null): Map<string, MetricExport> {
  const byName = new Map<string, { type: MetricExport['type']; description: string; series: { sortKey: string; series: SeriesExport }[] }>();
  for (const endpoint of endpoints) {
    const window = endpoint.window;
    if (window === null) continue;
    const spans = sliceSeconds === null ? null : sliceSpans(window.fromMs, window.toMs, sliceSeconds);
    for (const family of endpoint.families.values()) {
      for (const series of family.series.values()) {
        const exported = exportSeries(endpoint.url, series, spans);
        if (exported === null) continue;
        let metric = byName.get(family.name);
        if (metric === undefined) {
          metric = { type: family.kind, description: family.help, series: [] };
          byName.set(family.name, metric);
        }
        if (metric.type === family.kind) metric.series.push({ sortKey: `${endpoint.url}\u0000${labelsRepr(series.labels)}`, series: exported });
      }
    }
  }
  const out = new Map<string, MetricExport>();
  for (const name of [...byName.keys()].sort()) {
    const { type, description, series } = byName.get(name)!;
    const unit = inferUnit(name, description);
    series.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    out.set(name, { type, description, ...(unit === null ? {} : { unit }), series: series.map((s) => s.series) });
  }
  return out;
}

function exportSeries(endpointUrl: string, { labels, tally }: TalliedSeries, spans: readonly SliceSpan[] | null): SeriesExport | null {
  const head = { endpoint_url: endpointUrl, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
  switch (tally.kind) {
    case 'gauge': {
      const stats = tally.tally.stats();
      if (stats === null) return null;
      const timeslices = spans === null ? null : tally.tally.timeslices(spans);
      return { ...head, stats, ...(timeslices === null ? {} : { timeslices }) };
    }
    case 'counter':
      return { ...head, ...tally.tally.result(spans) };
    case 'histogram':
      return { ...head, ...tally.tally.result(spans) };
  }
}

/** aiperf's endpoint_info for an endpoint that answered; null for one that never did. */
export function endpointInfo(endpoint: EndpointTally): EndpointInfo | null {
  const { fetches, firstFetchMs, lastFetchMs, latencyMsSum, updates } = endpoint.fetchStats;
  if (fetches === 0) return null;
  const times = Float64Array.from(updates).sort();
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const durationMs = last - first;
  const intervals = times.subarray(1).map((time, i) => time - times[i]!).sort();
  return {
    total_fetches: fetches,
    first_fetch_ns: epochNs(firstFetchMs, 0),
    last_fetch_ns: epochNs(lastFetchMs, 0),
    avg_fetch_latency_ms: latencyMsSum / fetches,
    unique_updates: times.length,
    first_update_ns: epochNs(first, 0),
    last_update_ns: epochNs(last, 0),
    duration_seconds: durationMs / 1000,
    avg_update_interval_ms: times.length > 1 ? durationMs / (times.length - 1) : 0,
    ...(intervals.length > 0 ? { median_update_interval_ms: linearPercentile(intervals, 50) } : {}),
  };
}

/** Python's repr of a label dict ('' without labels), which aiperf sorts series by. */
export function labelsRepr(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `'${k}': '${v}'`).join(', ')}}`;
}
