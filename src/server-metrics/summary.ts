// mmload's summary of the endpoints' /metrics: cache counts, queue over time, known families, key histograms, per-slice figures.
import { KEY_FAMILIES, KEY_HISTOGRAMS, serverOf, topicOf, type KeyFigure } from './catalogue.js';
import type { EndpointTally, ScrapePoint } from './endpoint-tally.js';
import { sliceSpans } from './slice-spans.js';
import type { CacheCounts, KeyHistogram, KnownFamily, ServerEndpoint, ServerMetricsSummary, ServerSlice, ServerTimeline, TimePoint } from './summary-types.js';
import { sliceKeyOf } from '../util/time-slice.js';

export interface SummaryOptions {
  readonly intervalMs: number;
  readonly sliceSeconds: number | null;
  /** t = 0, epoch ms: the profiled phase's start. */
  readonly originEpochMs: number;
}

/** The summary of `endpoints` (in configured order), `failures[i]` being endpoint i's failed scrapes. */
export function summarizeServerMetrics(endpoints: readonly EndpointTally[], failures: readonly number[], options: SummaryOptions): ServerMetricsSummary {
  const seconds = (epochMs: number): number => Math.round(epochMs - options.originEpochMs) / 1000;
  const counter = (figure: KeyFigure): number | null => counterTotal(endpoints, figure);
  const [mmQueries, mmHits, prefixQueries, prefixHits] = [counter('mmCacheQueries'), counter('mmCacheHits'), counter('prefixCacheQueries'), counter('prefixCacheHits')];
  const [hits, misses] = [counter('embeddingCacheHits'), counter('embeddingCacheMisses')];
  const ttft = histogramTotal(endpoints, 'vllm:time_to_first_token_seconds');
  const gaugePoints = (figure: 'running' | 'waiting'): TimePoint[] => {
    const endpoint = endpoints.find((e) => e.points.some((point) => point[figure] !== null));
    return endpoint === undefined ? [] : endpoint.points.filter((point) => point[figure] !== null).map((point) => ({ t: seconds(point.epochMs), value: point[figure]! }));
  };
  return {
    url: endpoints[0]?.url ?? '',
    scrapes: endpoints.reduce((n, e) => n + e.scrapes, 0),
    available: endpoints.some((e) => e.scrapes > 0),
    mmCache: cache(mmQueries, mmHits),
    prefixCache: cache(prefixQueries, prefixHits),
    dynamoEmbeddingCache: hits === null || misses === null
      ? null
      : { hits, misses, evictions: counter('embeddingCacheEvictions') ?? 0, hitRate: ratio(hits, hits + misses) },
    running: gaugePoints('running'),
    waiting: gaugePoints('waiting'),
    serverTtft: ttft === null ? null : { count: ttft.count, meanMs: ttft.count > 0 ? (ttft.sum / ttft.count) * 1000 : null },
    intervalS: options.intervalMs / 1000,
    startEpochMs: options.originEpochMs,
    endpoints: endpoints.map((endpoint, i): ServerEndpoint => ({
      url: endpoint.url, scrapes: endpoint.scrapes, failures: failures[i] ?? 0, available: endpoint.scrapes > 0, timeline: timeline(endpoint.points, seconds),
    })),
    ...knownFamilies(endpoints),
    histograms: keyHistograms(endpoints),
    sliceDurationS: options.sliceSeconds,
    slices: options.sliceSeconds === null ? null : slices(endpoints, options.sliceSeconds, seconds),
  };
}

function cache(queries: number | null, hits: number | null): CacheCounts | null {
  return queries === null || hits === null ? null : { queries, hits, hitRate: ratio(hits, queries) };
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** A key counter's increase over the run: each endpoint's first family for it, summed over series and endpoints; null when none writes one. */
function counterTotal(endpoints: readonly EndpointTally[], figure: KeyFigure): number | null {
  let total: number | null = null;
  for (const endpoint of endpoints) {
    const family = KEY_FAMILIES[figure].map((name) => endpoint.families.get(name)).find((f) => f !== undefined && f.kind === 'counter');
    if (family === undefined) continue;
    for (const { tally } of family.series.values()) if (tally.kind === 'counter') total = (total ?? 0) + tally.tally.increase;
  }
  return total;
}

/** A histogram family's count and sum increases over the run, over series and endpoints; null when none writes it. */
function histogramTotal(endpoints: readonly EndpointTally[], name: string): { count: number; sum: number } | null {
  const total = { count: 0, sum: 0 };
  let seen = false;
  for (const endpoint of endpoints) {
    for (const { tally } of endpoint.families.get(name)?.series.values() ?? []) {
      if (tally.kind !== 'histogram') continue;
      total.count += tally.tally.increase.count;
      total.sum += tally.tally.increase.sum;
      seen = true;
    }
  }
  return seen ? total : null;
}

function timeline(points: readonly ScrapePoint[], seconds: (epochMs: number) => number): ServerTimeline {
  return {
    t: points.map((p) => seconds(p.epochMs)),
    mmHitRate: points.map((p) => hitRate(p.mmHits, p.mmQueries)),
    prefixHitRate: points.map((p) => hitRate(p.prefixHits, p.prefixQueries)),
    running: points.map((p) => p.running),
    waiting: points.map((p) => p.waiting),
  };
}

function hitRate(hits: number | null, queries: number | null): number | null {
  return hits === null || queries === null ? null : ratio(hits, queries);
}

function knownFamilies(endpoints: readonly EndpointTally[]): { families: KnownFamily[]; otherFamilies: number } {
  const known = new Map<string, KnownFamily>();
  const others = new Set<string>();
  for (const endpoint of endpoints) {
    for (const family of endpoint.families.values()) {
      const server = serverOf(family.name);
      if (server === null) {
        others.add(family.name);
        continue;
      }
      const seen = known.get(family.name);
      known.set(family.name, { server, name: family.name, type: family.kind, topic: topicOf(family.name), series: (seen?.series ?? 0) + family.series.size });
    }
  }
  return { families: [...known.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), otherFamilies: others.size };
}

/** Per key histogram, its busiest series (most observations) over all endpoints. */
function keyHistograms(endpoints: readonly EndpointTally[]): KeyHistogram[] {
  const out: KeyHistogram[] = [];
  for (const [figure, label] of Object.entries(KEY_HISTOGRAMS) as [keyof typeof KEY_HISTOGRAMS, string][]) {
    let best: KeyHistogram | null = null;
    for (const endpoint of endpoints) {
      const family = KEY_FAMILIES[figure].map((name) => endpoint.families.get(name)).find((f) => f !== undefined && f.kind === 'histogram');
      for (const { labels, tally } of family?.series.values() ?? []) {
        if (tally.kind !== 'histogram') continue;
        const { count } = tally.tally.increase;
        if (count === 0 || (best !== null && count <= best.count)) continue;
        const { stats } = tally.tally.result(null);
        best = {
          figure: label, family: family!.name, series: promLabels(labels), count: stats.count, avg: stats.avg!,
          p50: stats.p50_estimate ?? null, p90: stats.p90_estimate ?? null, p99: stats.p99_estimate ?? null,
        };
      }
    }
    if (best !== null) out.push(best);
  }
  return out;
}

function promLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** The slices over every endpoint's window: cache counts summed, each endpoint's mean queue per slice summed. */
function slices(endpoints: readonly EndpointTally[], sliceSeconds: number, seconds: (epochMs: number) => number): ServerSlice[] {
  interface Draft { startMs: number; endMs: number; complete: boolean; mmQueries: number | null; mmHits: number | null; prefixQueries: number | null; prefixHits: number | null; running: number | null; waiting: number | null }
  const drafts = new Map<number, Draft>();
  const plus = (a: number | null, b: number | null): number | null => (b === null ? a : (a ?? 0) + b);
  for (const endpoint of endpoints) {
    const window = endpoint.window;
    if (window === null) continue;
    for (const span of sliceSpans(window.fromMs, window.toMs, sliceSeconds)) {
      const draft = drafts.get(span.key) ?? { startMs: span.startMs, endMs: span.endMs, complete: span.complete, mmQueries: null, mmHits: null, prefixQueries: null, prefixHits: null, running: null, waiting: null };
      draft.startMs = Math.min(draft.startMs, span.startMs);
      draft.endMs = Math.max(draft.endMs, span.endMs);
      draft.complete &&= span.complete;
      drafts.set(span.key, draft);
    }
    // The baseline scrape only sets the counters' reference, and gauges count from the scrape after it.
    const inSlice = new Map<number, ScrapePoint[]>();
    for (const point of endpoint.points.slice(1)) {
      const key = sliceKeyOf(point.epochMs, sliceSeconds);
      const points = inSlice.get(key);
      if (points === undefined) inSlice.set(key, [point]);
      else points.push(point);
    }
    for (const [key, points] of inSlice) {
      const draft = drafts.get(key);
      if (draft === undefined) continue;
      const sum = (figure: keyof Omit<ScrapePoint, 'epochMs'>): number | null => points.reduce<number | null>((acc, p) => plus(acc, p[figure]), null);
      const mean = (figure: 'running' | 'waiting'): number | null => {
        const values = points.map((p) => p[figure]).filter((v): v is number => v !== null);
        return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
      };
      draft.mmQueries = plus(draft.mmQueries, sum('mmQueries'));
      draft.mmHits = plus(draft.mmHits, sum('mmHits'));
      draft.prefixQueries = plus(draft.prefixQueries, sum('prefixQueries'));
      draft.prefixHits = plus(draft.prefixHits, sum('prefixHits'));
      draft.running = plus(draft.running, mean('running'));
      draft.waiting = plus(draft.waiting, mean('waiting'));
    }
  }
  return [...drafts.entries()].sort(([a], [b]) => a - b).map(([key, d]) => ({
    key, startS: seconds(d.startMs), endS: seconds(d.endMs), complete: d.complete,
    mmCache: cache(d.mmQueries, d.mmHits), prefixCache: cache(d.prefixQueries, d.prefixHits), running: d.running, waiting: d.waiting,
  }));
}
