// The report's server section: what the server's /metrics said (cache hits beside the plan, server TTFT, cache and queue over time).
import type { RunSummary } from '../../metrics/summary.js';
import { comparablePlannedRate, describeServerCache } from '../../server-metrics/describe.js';
import type { CacheCounts, ServerMetricsSummary, TimePoint } from '../../server-metrics/summary-types.js';
import { escapeHtml, formatPercent, formatTick } from './html-text.js';
import { formatNumber } from '../../util/number-format.js';
import { keyValues } from './key-values.js';
import { lineChart } from './svg-line-chart.js';
import { zeroBasedTicks } from './svg-scale.js';
import { cacheOverTimeChart } from './cache-over-time.js';
import type { ReportTimeData } from '../../metrics/time-data.js';
import { plannedAsSent, type TimeSlicesJson } from '../time-slice-entry.js';

/**
 * Empty when the run did not scrape server metrics. Its charts: the cache hit rates over time beside the planned rate,
 * and the server's queue beside the requests the client had in flight (`time`: absent for merged shards).
 */
export function serverSection(summary: RunSummary, time: ReportTimeData | null, slices: TimeSlicesJson | null): string {
  const m = summary.meta.serverMetrics;
  if (!m) return '';
  if (!m.available) return `<section><h2>Server metrics</h2><p>${escapeHtml(m.url)} did not answer; nothing to show.</p></section>`;
  const planned = comparablePlannedRate(summary.meta.workload, summary.counts.issued, slices && plannedAsSent(slices));
  const line = describeServerCache(m, planned);
  const verdict = line === null ? '' : `<p class="banner ${line.warning ? 'warn' : 'ok'}" data-server-cache>${escapeHtml(line.text)}</p>`;
  const cache = (c: CacheCounts | null, unit: string): string | null =>
    c === null ? null : `${formatPercent(c.hitRate)} (${formatNumber(c.hits, 0)} of ${formatNumber(c.queries, 0)} ${unit})`;
  const dynamo = m.dynamoEmbeddingCache;
  const clientTtft = summary.distributions.time_to_first_token?.stats.avg ?? null;
  const serverTtft = m.serverTtft?.meanMs ?? null;
  const table = keyValues([
    ['Scraped', `${m.url}, ${m.scrapes} answers`],
    ['Families', familiesLine(m)],
    ['Planned image hit rate', planned === null ? null : formatPercent(planned)],
    ['Multimodal cache (vllm:mm_cache)', cache(m.mmCache, 'items')],
    ['Dynamo embedding cache', dynamo ? `${formatPercent(dynamo.hitRate)} (${formatNumber(dynamo.hits, 0)} hits, ${formatNumber(dynamo.misses, 0)} misses)` : null],
    ['Prefix cache', cache(m.prefixCache, 'tokens')],
    ['Server TTFT mean', serverTtft === null ? null : `${formatNumber(serverTtft, 1)} ms (client: ${formatNumber(clientTtft, 1)} ms)`],
  ], 'server');
  const end = [...m.running, ...m.waiting].reduce((max, p) => Math.max(max, p.t), 0);
  const inFlight = time?.series?.inFlight ?? [];
  const queue = m.running.length + m.waiting.length === 0 ? '' : lineChart({
    id: 'server-queue',
    title: 'Server queue beside the client',
    xLabel: 'seconds since the profiled phase started',
    yLabel: 'requests',
    xTicks: zeroBasedTicks(end, 8, formatTick),
    series: [
      { name: 'server: running', color: '#059669', points: thinned(m.running) },
      { name: 'server: waiting', color: '#dc2626', points: thinned(m.waiting) },
      ...(inFlight.length === 0 ? [] : [{ name: 'client: in flight (average)', color: '#2563eb', points: inFlight }]),
    ],
  });
  const charts = [cacheOverTimeChart(m, slices), queue].filter((chart) => chart !== '').join('');
  return `<section><h2>Server metrics</h2>${verdict}${table}${charts ? `<div class="charts">${charts}</div>` : ''}</section>`;
}

/** The known families by server, with the topics they cover, then how many others were captured; null when none were seen. */
function familiesLine(m: ServerMetricsSummary): string | null {
  const byServer = new Map<string, Set<string>>();
  for (const family of m.families ?? []) {
    const topics = byServer.get(family.server) ?? new Set<string>();
    if (family.topic !== null) topics.add(family.topic);
    byServer.set(family.server, topics);
  }
  const known = [...byServer].map(([server, topics]) => {
    const count = (m.families ?? []).filter((f) => f.server === server).length;
    return `${server}: ${count} famil${count === 1 ? 'y' : 'ies'}${topics.size > 0 ? ` (${[...topics].join(', ')})` : ''}`;
  });
  const others = m.otherFamilies ?? 0;
  const parts = [...known, ...(others > 0 ? [`${others} other famil${others === 1 ? 'y' : 'ies'}, captured in the exports`] : [])];
  return parts.length === 0 ? null : parts.join('; ');
}

/** At most MAX_POINTS points, taken evenly, so a day-long run's scrapes keep the page small. */
const MAX_POINTS = 1000;

function thinned(points: readonly TimePoint[]): [number, number][] {
  const step = Math.max(1, points.length / MAX_POINTS);
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i += step) {
    const { t, value } = points[Math.floor(i)]!;
    out.push([t, value]);
  }
  return out;
}
