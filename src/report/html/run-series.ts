// Throughput and requests in flight over the run, bucketed from the profiling records for the report's time charts.
import type { RequestRecord } from '../../client/request-record.js';
import { responseEndMs } from '../../metrics/request-metrics.js';
import type { TokenCounts } from '../../metrics/token-counts.js';
import { niceStep } from './svg-scale.js';

/** About this many buckets over the run, whatever its length (a round width: 10 ms, 0.5 s, 2 s, …). */
const TARGET_BUCKETS = 100;

type Points = [number, number][];

export interface RunSeries {
  readonly bucketSec: number;
  readonly durationSec: number;
  /** [bucket middle in seconds since the first send, value]. */
  readonly outputTokensPerSec: Points;
  readonly requestsPerSec: Points;
  /** Failures per second; null when none failed. */
  readonly failuresPerSec: Points | null;
  /** Time-weighted average of requests in flight over each bucket. */
  readonly inFlight: Points;
}

/** Null when there is no profiling record. `counts[i]` belongs to `records[i]`. */
export function runSeries(records: readonly RequestRecord[], counts: readonly TokenCounts[]): RunSeries | null {
  const profiled: number[] = [];
  for (let i = 0; i < records.length; i++) if (records[i]!.phase === 'profiling') profiled.push(i);
  if (profiled.length === 0) return null;
  let t0 = Infinity;
  let tEnd = -Infinity;
  for (const i of profiled) {
    t0 = Math.min(t0, records[i]!.startMs);
    tEnd = Math.max(tEnd, records[i]!.endMs);
  }
  const spanMs = tEnd - t0;
  const bucketMs = Math.max(1, niceStep(spanMs / TARGET_BUCKETS));
  // The remainder joins the last bucket (1 to 2 widths), so no short bucket at the end turns a few requests into a spike.
  const n = Math.max(1, Math.floor(spanMs / bucketMs));
  const bucket = (ms: number): number => Math.min(n - 1, Math.floor((ms - t0) / bucketMs));
  const tokens = new Float64Array(n);
  const done = new Float64Array(n);
  const failed = new Float64Array(n);
  for (const i of profiled) {
    const record = records[i]!;
    if (record.error) {
      failed[bucket(record.endMs)]! += 1;
      continue;
    }
    done[bucket(responseEndMs(record))]! += 1;
    addTokens(tokens, record, counts[i]!.osl, bucket);
  }
  const widthMs = (b: number): number => (b < n - 1 ? bucketMs : Math.max(bucketMs, spanMs - b * bucketMs));
  const middle = (b: number): number => (b * bucketMs + widthMs(b) / 2) / 1000;
  const rate = (values: Float64Array): Points => Array.from(values, (v, b) => [middle(b), (v * 1000) / widthMs(b)]);
  const area = inFlightArea(profiled.map((i) => records[i]!), t0, bucketMs, n);
  return {
    bucketSec: bucketMs / 1000,
    durationSec: spanMs / 1000,
    outputTokensPerSec: rate(tokens),
    requestsPerSec: rate(done),
    failuresPerSec: failed.some((v) => v > 0) ? rate(failed) : null,
    inFlight: Array.from(area, (a, b) => [middle(b), a / widthMs(b)]),
  };
}

/** A success's output tokens at the chunks that carried them: per-chunk counts, else OSL spread evenly, else at the end. */
function addTokens(tokens: Float64Array, record: RequestRecord, osl: number | null, bucket: (ms: number) => number): void {
  const { chunkMs, chunkTokens } = record;
  if (chunkTokens.length === chunkMs.length && chunkMs.length > 0) {
    for (let c = 0; c < chunkMs.length; c++) tokens[bucket(chunkMs[c]!)]! += chunkTokens[c]!;
  } else if (osl !== null && chunkMs.length > 0) {
    for (const ms of chunkMs) tokens[bucket(ms)]! += osl / chunkMs.length;
  } else if (osl !== null) {
    tokens[bucket(record.endMs)]! += osl;
  }
}

/**
 * Request-milliseconds in flight per bucket: a sweep over sorted starts and ends, O(n log n + buckets). Times are
 * taken relative to t0 first, so bucket edges are exact multiples of the (whole-ms) width and the sweep always advances.
 */
function inFlightArea(records: readonly RequestRecord[], t0: number, bucketMs: number, n: number): Float64Array {
  const starts = Float64Array.from(records, (r) => r.startMs - t0).sort();
  const ends = Float64Array.from(records, (r) => r.endMs - t0).sort();
  const area = new Float64Array(n);
  let level = 0;
  let at = 0;
  const advance = (to: number): void => {
    while (at < to) {
      const b = Math.min(n - 1, Math.floor(at / bucketMs));
      const next = b === n - 1 ? to : Math.min(to, (b + 1) * bucketMs);
      area[b]! += level * (next - at);
      at = next;
    }
  };
  for (let s = 0, e = 0; s < starts.length || e < ends.length; ) {
    if (s < starts.length && (e >= ends.length || starts[s]! <= ends[e]!)) {
      advance(starts[s++]!);
      level++;
    } else {
      advance(ends[e++]!);
      level--;
    }
  }
  return area;
}
