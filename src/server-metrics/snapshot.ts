// One /metrics scrape reduced to the server metrics mmload reads, and the increase of a counter between two scrapes.
import { parseExposition } from './parse.js';

/** Counters by family name (the `_total` suffix is optional on the wire); histogram `_sum`/`_count` count as counters. */
export const COUNTERS = {
  mmQueries: 'vllm:mm_cache_queries',
  mmHits: 'vllm:mm_cache_hits',
  prefixQueries: 'vllm:prefix_cache_queries',
  prefixHits: 'vllm:prefix_cache_hits',
  dynamoHits: 'dynamo_component_embedding_cache_hits',
  dynamoMisses: 'dynamo_component_embedding_cache_misses',
  dynamoEvictions: 'dynamo_component_embedding_cache_evictions',
  ttftSum: 'vllm:time_to_first_token_seconds_sum',
  ttftCount: 'vllm:time_to_first_token_seconds_count',
} as const;

export const GAUGES = { running: 'vllm:num_requests_running', waiting: 'vllm:num_requests_waiting' } as const;

export type CounterKey = keyof typeof COUNTERS;
export type GaugeKey = keyof typeof GAUGES;

export interface Snapshot {
  /** Seconds since scraping started, when the body arrived. */
  readonly t: number;
  /** Per counter present in the scrape: value by label set. */
  readonly counters: ReadonlyMap<CounterKey, ReadonlyMap<string, number>>;
  /** Per gauge present in the scrape: the sum over its label sets. */
  readonly gauges: ReadonlyMap<GaugeKey, number>;
}

/** Wire name → counter; the `_total` spelling is preferred over the bare one when a server writes both. */
const COUNTER_NAMES = new Map<string, { key: CounterKey; total: boolean }>(
  (Object.keys(COUNTERS) as CounterKey[]).flatMap((key) => [
    [`${COUNTERS[key]}_total`, { key, total: true }],
    [COUNTERS[key], { key, total: false }],
  ]),
);
const GAUGE_NAMES = new Map<string, GaugeKey>((Object.keys(GAUGES) as GaugeKey[]).map((key) => [GAUGES[key], key]));
const wanted = (name: string): boolean => COUNTER_NAMES.has(name) || GAUGE_NAMES.has(name);

export function takeSnapshot(body: string, t: number): Snapshot {
  const counters = new Map<CounterKey, Map<string, number>>();
  const bare = new Map<CounterKey, Map<string, number>>();
  const gauges = new Map<GaugeKey, number>();
  for (const sample of parseExposition(body, wanted)) {
    if (!Number.isFinite(sample.value)) continue;
    const gauge = GAUGE_NAMES.get(sample.name);
    if (gauge !== undefined) {
      gauges.set(gauge, (gauges.get(gauge) ?? 0) + sample.value);
      continue;
    }
    const { key, total } = COUNTER_NAMES.get(sample.name)!;
    const into = total ? counters : bare;
    const series = into.get(key) ?? new Map<string, number>();
    into.set(key, series);
    const id = seriesId(sample.labels);
    series.set(id, (series.get(id) ?? 0) + sample.value);
  }
  for (const [key, series] of bare) if (!counters.has(key)) counters.set(key, series);
  return { t, counters, gauges };
}

/**
 * How much a counter grew from one scrape to the next, summed over label sets: a label set that went down was reset
 * (restart), so its whole new value counts; one absent before started at zero. Null when the later scrape lacks it.
 */
export function counterIncrease(before: Snapshot, after: Snapshot, key: CounterKey): number | null {
  const now = after.counters.get(key);
  if (now === undefined) return null;
  const then = before.counters.get(key);
  let increase = 0;
  for (const [id, value] of now) {
    const previous = then?.get(id) ?? 0;
    increase += value >= previous ? value - previous : value;
  }
  return increase;
}

/** Label sets in a canonical order, so the same series matches across scrapes however the server orders them. */
function seriesId(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((name) => [name, labels[name]]));
}
