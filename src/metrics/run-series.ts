// Throughput and requests in flight over the run, accumulated record by record in bounded memory for the report's time charts.
import type { RequestRecord } from '../client/request-record.js';
import { responseEndMs } from './request-metrics.js';

/** About this many chart buckets over the run, whatever its length. */
const TARGET_BUCKETS = 100;
/** The finest bucket: 1 ms. Fine buckets double in width whenever the run outgrows MAX_FINE of them. */
const FINE_MS = 1;
const MAX_FINE = 4096;

type Points = [number, number][];

export interface RunSeries {
  readonly bucketSec: number;
  readonly durationSec: number;
  /** [bucket middle in seconds since the profiled phase began, value]. */
  readonly outputTokensPerSec: Points;
  readonly requestsPerSec: Points;
  /** Failures per second; null when none failed. */
  readonly failuresPerSec: Points | null;
  /** Time-weighted average of requests in flight over each bucket. */
  readonly inFlight: Points;
}

/**
 * Sums per fine bucket (tokens, completions, failures, request-ms in flight) from `originMs` (when the profiled phase began) on. Its
 * memory is fixed (MAX_FINE buckets): when a time falls past the last bucket, neighbours merge pairwise and the width
 * doubles, which keeps every sum exact. The chart's buckets are whole groups of fine ones.
 */
export class RunSeriesBuilder {
  private widthMs = FINE_MS;
  private readonly tokens = new Float64Array(MAX_FINE);
  private readonly done = new Float64Array(MAX_FINE);
  private readonly failed = new Float64Array(MAX_FINE);
  private readonly area = new Float64Array(MAX_FINE);
  private endMs = -Infinity;
  private count = 0;

  constructor(private readonly originMs: number) {}

  /** A profiling record and its output tokens (null when unknown). */
  add(record: RequestRecord, osl: number | null): void {
    this.count += 1;
    this.fit(record.endMs);
    this.endMs = Math.max(this.endMs, record.endMs);
    this.addArea(record.startMs, record.endMs);
    if (record.error) {
      this.failed[this.bucket(record.endMs)]! += 1;
      return;
    }
    this.done[this.bucket(responseEndMs(record))]! += 1;
    const { chunkMs, chunkTokens } = record;
    // Output tokens at the chunks that carried them: per-chunk counts, else OSL spread evenly, else at the end.
    if (chunkTokens.length === chunkMs.length && chunkMs.length > 0) {
      for (let c = 0; c < chunkMs.length; c++) this.tokens[this.bucket(chunkMs[c]!)]! += chunkTokens[c]!;
    } else if (osl !== null && chunkMs.length > 0) {
      for (const ms of chunkMs) this.tokens[this.bucket(ms)]! += osl / chunkMs.length;
    } else if (osl !== null) {
      this.tokens[this.bucket(record.endMs)]! += osl;
    }
  }

  /** The chart's series; null when no record was added. The remainder of the run joins the last bucket (1 to 2 widths). */
  series(): RunSeries | null {
    if (this.count === 0) return null;
    const spanMs = Math.max(this.endMs - this.originMs, this.widthMs);
    const group = Math.max(1, Math.round(spanMs / TARGET_BUCKETS / this.widthMs));
    const bucketMs = group * this.widthMs;
    const n = Math.max(1, Math.floor(spanMs / bucketMs));
    const regroup = (fine: Float64Array): Float64Array => {
      const out = new Float64Array(n);
      for (let b = 0; b < MAX_FINE; b++) if (fine[b] !== 0) out[Math.min(n - 1, Math.floor(b / group))]! += fine[b]!;
      return out;
    };
    const widthMs = (b: number): number => (b < n - 1 ? bucketMs : Math.max(bucketMs, spanMs - b * bucketMs));
    const middle = (b: number): number => (b * bucketMs + widthMs(b) / 2) / 1000;
    const rate = (values: Float64Array): Points => Array.from(values, (v, b) => [middle(b), (v * 1000) / widthMs(b)]);
    const failed = regroup(this.failed);
    return {
      bucketSec: bucketMs / 1000,
      durationSec: spanMs / 1000,
      outputTokensPerSec: rate(regroup(this.tokens)),
      requestsPerSec: rate(regroup(this.done)),
      failuresPerSec: failed.some((v) => v > 0) ? rate(failed) : null,
      inFlight: Array.from(regroup(this.area), (a, b) => [middle(b), a / widthMs(b)]),
    };
  }

  private bucket(ms: number): number {
    return Math.min(MAX_FINE - 1, Math.max(0, Math.floor((ms - this.originMs) / this.widthMs)));
  }

  /** Widens the fine buckets until `ms` falls inside them. */
  private fit(ms: number): void {
    while ((ms - this.originMs) / this.widthMs >= MAX_FINE) {
      for (const sums of [this.tokens, this.done, this.failed, this.area]) {
        for (let b = 0; b < MAX_FINE / 2; b++) sums[b] = sums[2 * b]! + sums[2 * b + 1]!;
        sums.fill(0, MAX_FINE / 2);
      }
      this.widthMs *= 2;
    }
  }

  /** Request-ms in flight, split over the buckets [start, end) crosses. */
  private addArea(startMs: number, endMs: number): void {
    let at = Math.max(startMs, this.originMs);
    while (at < endMs) {
      const b = this.bucket(at);
      const next = Math.min(endMs, this.originMs + (b + 1) * this.widthMs);
      this.area[b]! += next - at;
      if (next <= at) break;
      at = next;
    }
  }
}
