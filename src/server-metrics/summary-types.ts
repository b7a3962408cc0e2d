// What summary.json's mmload.server_metrics holds (snake_case there): cache, queue and key figures over the run, per scrape, per slice.
import type { ServerKind } from './catalogue.js';
import type { MetricKind } from './export-types.js';

export interface CacheCounts {
  readonly queries: number;
  readonly hits: number;
  /** hits / queries; null when nothing was queried. */
  readonly hitRate: number | null;
}

export interface TimePoint {
  /** Seconds since the profiled phase started (the baseline scrape is just before 0). */
  readonly t: number;
  readonly value: number;
}

/** One entry per answered scrape of an endpoint, in time order (columns of equal length). */
export interface ServerTimeline {
  /** Seconds since the profiled phase started. */
  readonly t: readonly number[];
  /** vllm:mm_cache hits / queries over the interval since the scrape before; null at the first scrape, without queries or without the counters. */
  readonly mmHitRate: readonly (number | null)[];
  /** vllm:prefix_cache hits / queries over the interval since the scrape before, likewise. */
  readonly prefixHitRate: readonly (number | null)[];
  /** Requests running and waiting (vLLM's, SGLang's, NIM's or Dynamo's gauges, summed over label sets); null without them. */
  readonly running: readonly (number | null)[];
  readonly waiting: readonly (number | null)[];
}

export interface ServerEndpoint {
  readonly url: string;
  /** Scrapes answered with 200. */
  readonly scrapes: number;
  /** Scrapes that failed (other status, network error, timeout). */
  readonly failures: number;
  readonly available: boolean;
  readonly timeline: ServerTimeline;
}

/** One time slice (--slice-duration) across the endpoints: counters summed, gauges their scrapes' mean (summed over endpoints). */
export interface ServerSlice {
  /** The slice key: whole slices since the epoch (util/time-slice.ts), as the client's slices are keyed. */
  readonly key: number;
  /** Seconds since the profiled phase started, clipped to the scrapes' window. */
  readonly startS: number;
  readonly endS: number;
  /** False for a slice the scrapes' window cut short (the first and last). */
  readonly complete: boolean;
  readonly mmCache: CacheCounts | null;
  readonly prefixCache: CacheCounts | null;
  readonly running: number | null;
  readonly waiting: number | null;
}

/** A family mmload knows by name, as the endpoints wrote it. */
export interface KnownFamily {
  readonly server: ServerKind;
  readonly name: string;
  readonly type: MetricKind;
  /** What it is about ("multimodal cache", "time to first token", …); null when its name does not say. */
  readonly topic: string | null;
  /** Label sets (series), over all endpoints. */
  readonly series: number;
}

/** A key latency histogram over the run (its busiest series), with aiperf's percentile estimates, in seconds. */
export interface KeyHistogram {
  /** "TTFT", "TPOT", "e2e" or "queue". */
  readonly figure: string;
  readonly family: string;
  /** The series' labels as Prometheus writes them, `{model_name="x"}`; '' without labels. */
  readonly series: string;
  readonly count: number;
  readonly avg: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface ServerMetricsSummary {
  /** The first endpoint scraped (each --url's /metrics, then each --server-metrics URL). */
  readonly url: string;
  /** Scrapes answered with 200, all endpoints together. */
  readonly scrapes: number;
  /** False when no endpoint ever answered (not an error: the server may expose no metrics). */
  readonly available: boolean;
  /** vllm:mm_cache_* increases over the run (multimodal processor cache, in items); null when not exposed. */
  readonly mmCache: CacheCounts | null;
  /** vllm:prefix_cache_* increases over the run, in tokens; null when not exposed. */
  readonly prefixCache: CacheCounts | null;
  /** Dynamo's embedding cache increases; hitRate = hits / (hits + misses). Misses GPU-side encoder-cache hits. */
  readonly dynamoEmbeddingCache: { readonly hits: number; readonly misses: number; readonly evictions: number; readonly hitRate: number | null } | null;
  /** Requests running and waiting at every answered scrape of the first endpoint that writes them. */
  readonly running: readonly TimePoint[];
  readonly waiting: readonly TimePoint[];
  /** From the increases of vllm:time_to_first_token_seconds' _sum and _count; null when not exposed. */
  readonly serverTtft: { readonly count: number; readonly meanMs: number | null } | null;
  /** Seconds between scrapes. */
  readonly intervalS?: number;
  /** Epoch ms of t = 0: when the profiled phase started. */
  readonly startEpochMs?: number;
  readonly endpoints?: readonly ServerEndpoint[];
  /** The families of the servers mmload knows (vLLM, SGLang, Dynamo, NIM, TensorRT-LLM), by name. */
  readonly families?: readonly KnownFamily[];
  /** How many other families were captured (in the exports, not named here). */
  readonly otherFamilies?: number;
  readonly histograms?: readonly KeyHistogram[];
  /** --slice-duration in seconds; null without it. */
  readonly sliceDurationS?: number | null;
  /** Per slice, in time order; null without --slice-duration. */
  readonly slices?: readonly ServerSlice[] | null;
}
