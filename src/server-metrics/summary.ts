// What the server's /metrics said about a run, built up scrape by scrape: counter increases, queue gauges over time.
import { COUNTERS, counterIncrease, type CounterKey, type Snapshot } from './snapshot.js';

export interface CacheCounts {
  readonly queries: number;
  readonly hits: number;
  /** hits / queries; null when nothing was queried. */
  readonly hitRate: number | null;
}

export interface TimePoint {
  /** Seconds since scraping started (the "before" scrape is at about 0). */
  readonly t: number;
  readonly value: number;
}

export interface ServerMetricsSummary {
  readonly url: string;
  /** Scrapes the server answered with 200. */
  readonly scrapes: number;
  /** False when the endpoint never answered (not an error: the server may expose no metrics). */
  readonly available: boolean;
  /** vllm:mm_cache_* increases over the run (multimodal processor cache, in items); null when not exposed. */
  readonly mmCache: CacheCounts | null;
  /** vllm:prefix_cache_* increases over the run, in tokens; null when not exposed. */
  readonly prefixCache: CacheCounts | null;
  /** Dynamo's embedding cache increases; hitRate = hits / (hits + misses). Misses GPU-side encoder-cache hits. */
  readonly dynamoEmbeddingCache: { readonly hits: number; readonly misses: number; readonly evictions: number; readonly hitRate: number | null } | null;
  /** vllm:num_requests_running / _waiting at every answered scrape, summed over label sets. */
  readonly running: readonly TimePoint[];
  readonly waiting: readonly TimePoint[];
  /** From the increases of vllm:time_to_first_token_seconds' _sum and _count; null when not exposed. */
  readonly serverTtft: { readonly count: number; readonly meanMs: number | null } | null;
}

/** Feeds on snapshots in scrape order; counters grow by their increase between consecutive answered scrapes. */
export class ServerMetricsTally {
  private scrapes = 0;
  private last: Snapshot | null = null;
  /** Only counters seen in two consecutive answered scrapes (a later one at least) have an entry. */
  private readonly increases = new Map<CounterKey, number>();
  private readonly running: TimePoint[] = [];
  private readonly waiting: TimePoint[] = [];

  add(snapshot: Snapshot): void {
    this.scrapes++;
    const t = Math.round(snapshot.t * 1000) / 1000;
    const running = snapshot.gauges.get('running');
    const waiting = snapshot.gauges.get('waiting');
    if (running !== undefined) this.running.push({ t, value: running });
    if (waiting !== undefined) this.waiting.push({ t, value: waiting });
    if (this.last !== null) {
      for (const key of Object.keys(COUNTERS) as CounterKey[]) {
        const increase = counterIncrease(this.last, snapshot, key);
        if (increase !== null) this.increases.set(key, (this.increases.get(key) ?? 0) + increase);
      }
    }
    this.last = snapshot;
  }

  summary(url: string): ServerMetricsSummary {
    const get = (key: CounterKey): number | undefined => this.increases.get(key);
    const cache = (queries: number | undefined, hits: number | undefined): CacheCounts | null =>
      queries === undefined || hits === undefined ? null : { queries, hits, hitRate: ratio(hits, queries) };
    const [hits, misses, ttftCount, ttftSum] = [get('dynamoHits'), get('dynamoMisses'), get('ttftCount'), get('ttftSum')];
    return {
      url,
      scrapes: this.scrapes,
      available: this.scrapes > 0,
      mmCache: cache(get('mmQueries'), get('mmHits')),
      prefixCache: cache(get('prefixQueries'), get('prefixHits')),
      dynamoEmbeddingCache: hits === undefined || misses === undefined
        ? null
        : { hits, misses, evictions: get('dynamoEvictions') ?? 0, hitRate: ratio(hits, hits + misses) },
      running: this.running,
      waiting: this.waiting,
      serverTtft: ttftCount === undefined
        ? null
        : { count: ttftCount, meanMs: ttftSum === undefined || ttftCount === 0 ? null : (ttftSum / ttftCount) * 1000 },
    };
  }
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
