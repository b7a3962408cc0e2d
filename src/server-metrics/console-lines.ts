// The console's short server section: which servers' families were seen, their latency and queue, the cache hit rates.
import { describeServerCache, describeServerCacheSlices, percent, sliceName } from './describe.js';
import type { ServerMetricsSummary, TimePoint } from './summary-types.js';

/** Slices named on the image cache line at most; the rest are summed up as "…". */
const MAX_SLICES_SHOWN = 8;

/**
 * A few lines (none when nothing answered and nothing was expected); `plannedHitRate` is the workload's image reuse,
 * `plannedBySlice` each slice's (by its epoch key), which the per-slice lines set beside the server's.
 */
export function serverConsoleLines(summary: ServerMetricsSummary, plannedHitRate: number | null, plannedBySlice: ReadonlyMap<number, number> | null = null): string[] {
  const endpoints = summary.endpoints ?? [];
  if (!summary.available) return endpoints.length === 0 ? [] : [`Server metrics: ${endpoints.map((e) => e.url).join(', ')} did not answer`];
  const lines = [headline(summary)];
  const latency = (summary.histograms ?? []).map((h) => `${h.figure} p50 ${ms(h.p50)}, p99 ${ms(h.p99)}`);
  if (latency.length > 0) lines.push(`Server latency: ${latency.join('; ')}`);
  const queue = [gaugeFigures('running', summary.running), gaugeFigures('waiting', summary.waiting)].filter((q) => q !== null);
  if (queue.length > 0) lines.push(`Server queue: ${queue.join('; ')}`);
  if (summary.prefixCache?.hitRate != null) {
    lines.push(`Server prefix cache: ${percent(summary.prefixCache.hitRate)} hit rate (${summary.prefixCache.hits} of ${summary.prefixCache.queries} tokens)`);
  }
  const cache = describeServerCache(summary, plannedHitRate);
  if (cache !== null) lines.push(cache.text);
  const slices = (summary.slices ?? []).filter((slice) => slice.mmCache?.hitRate != null);
  if (slices.length > 0) {
    const planned = (slice: (typeof slices)[number]): string => {
      const rate = plannedBySlice?.get(slice.key);
      return rate === undefined ? '' : ` (planned ${percent(rate)})`;
    };
    const shown = slices.slice(0, MAX_SLICES_SHOWN).map((slice) => `${sliceName(slice)} ${percent(slice.mmCache!.hitRate!)}${planned(slice)}`);
    lines.push(`Server image cache by slice: ${shown.join(', ')}${slices.length > MAX_SLICES_SHOWN ? `, … (${slices.length} slices)` : ''}`);
    lines.push(...describeServerCacheSlices(summary, plannedBySlice).filter((line) => line.warning).map((line) => line.text));
  }
  return lines;
}

function headline(summary: ServerMetricsSummary): string {
  const counts = new Map<string, number>();
  for (const family of summary.families ?? []) counts.set(family.server, (counts.get(family.server) ?? 0) + 1);
  const known = [...counts].map(([server, n]) => `${server} (${n} famil${n === 1 ? 'y' : 'ies'})`);
  const others = summary.otherFamilies ?? 0;
  const seen = [...known, ...(others > 0 ? [`${others} other famil${others === 1 ? 'y' : 'ies'}`] : [])].join(', ') || 'no families';
  const answered = (summary.endpoints ?? []).filter((e) => e.available).length;
  const every = summary.intervalS === undefined ? '' : ` every ${summary.intervalS} s`;
  return `Server metrics: ${seen}; ${answered} endpoint${answered === 1 ? '' : 's'}, ${summary.scrapes} scrapes${every}`;
}

function gaugeFigures(name: string, points: readonly TimePoint[]): string | null {
  const during = points.filter((point) => point.t >= 0);
  if (during.length === 0) return null;
  const values = during.map((point) => point.value);
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  return `${name} avg ${avg.toFixed(1)}, max ${Math.max(...values)}`;
}

function ms(seconds: number | null): string {
  return seconds === null ? '-' : `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
}
