// The report's cache chart: the server's image (and prefix) cache hit rate over the run, beside what the plan expected at each time.
import type { ServerMetricsSummary } from '../../server-metrics/summary-types.js';
import type { TimeSlicesJson } from '../time-slice-entry.js';
import { COLORS } from './chart-sections.js';
import { formatTick } from './html-text.js';
import { lineChart, type Series } from './svg-line-chart.js';
import { zeroBasedTicks } from './svg-scale.js';

/** Points drawn per series at most without slices: scrape intervals are merged into this many buckets. */
const MAX_POINTS = 120;

type Points = [number, number][];

/**
 * Hit rates in percent over seconds since the profiled phase began. With --slice-duration: per slice, from the slice's
 * counts (the server's slices and the client's planned rate, each at its slice's middle). Without: per scrape interval,
 * intervals merged into at most MAX_POINTS buckets by the mean of their rates. Empty when the server showed no cache.
 */
export function cacheOverTimeChart(m: ServerMetricsSummary, slices: TimeSlicesJson | null): string {
  const series = slices && (m.slices ?? []).length > 0 ? bySlice(m, slices) : byScrape(m);
  if (series.every((s) => s.points.length === 0)) return '';
  const end = Math.max(...series.flatMap((s) => s.points.map(([t]) => t)));
  return lineChart({
    id: 'cache-hit-rate', title: 'Cache hit rate over time', xLabel: 'seconds since the profiled phase began', yLabel: '%',
    xTicks: zeroBasedTicks(end, 8, formatTick), series, markers: series.every((s) => s.points.length < 40),
  });
}

function bySlice(m: ServerMetricsSummary, slices: TimeSlicesJson): Series[] {
  const server = m.slices ?? [];
  const middle = (start: number, end: number) => (start + end) / 2;
  const rate = (hits: number, queries: number): number | null => (queries > 0 ? (100 * hits) / queries : null);
  const points = <T>(items: readonly T[], at: (item: T) => number, value: (item: T) => number | null): Points =>
    items.flatMap((item) => {
      const v = value(item);
      return v === null ? [] : [[at(item), v] as [number, number]];
    });
  return [
    { name: 'server: image cache', color: COLORS[0], points: points(server, (s) => middle(s.startS, s.endS), (s) => (s.mmCache ? rate(s.mmCache.hits, s.mmCache.queries) : null)) },
    { name: 'planned', color: COLORS[1], points: points(slices.slices, (s) => middle(s.start_sec, s.end_sec), (s) => (s.planned_hit_rate === undefined ? null : 100 * s.planned_hit_rate)) },
    { name: 'server: prefix cache', color: COLORS[2], points: points(server, (s) => middle(s.startS, s.endS), (s) => (s.prefixCache ? rate(s.prefixCache.hits, s.prefixCache.queries) : null)) },
  ];
}

function byScrape(m: ServerMetricsSummary): Series[] {
  const timeline = m.endpoints?.find((e) => e.available)?.timeline;
  if (!timeline) return [];
  return [
    { name: 'server: image cache', color: COLORS[0], points: bucketed(timeline.t, timeline.mmHitRate) },
    { name: 'server: prefix cache', color: COLORS[2], points: bucketed(timeline.t, timeline.prefixHitRate) },
  ];
}

/** Each bucket of consecutive scrapes: the mean of its rates, at the mean of their times; buckets without a rate are left out. */
function bucketed(t: readonly number[], rates: readonly (number | null)[]): Points {
  const size = Math.max(1, Math.ceil(t.length / MAX_POINTS));
  const out: Points = [];
  for (let i = 0; i < t.length; i += size) {
    let sumT = 0;
    let sumRate = 0;
    let n = 0;
    for (let k = i; k < Math.min(i + size, t.length); k++) {
      const r = rates[k];
      if (r === null || r === undefined) continue;
      sumT += t[k]!;
      sumRate += r;
      n++;
    }
    if (n > 0) out.push([sumT / n, (100 * sumRate) / n]);
  }
  return out;
}
