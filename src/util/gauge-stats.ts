// aiperf's statistics of a gauge's samples (server metrics gauges, GPU telemetry gauges): avg, min, max, sample std, exact percentiles.
import { linearPercentile } from './linear-percentile.js';
import { sampleStd } from './sample-std.js';

/** The percentiles aiperf reports for a series, exact or estimated. */
export const STAT_PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99] as const;

/** aiperf's key order within a metric's JSON block (per-request metrics and GPU telemetry alike). */
export const BLOCK_KEY_ORDER = ['avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum'] as const;

/** `p1` … `p99`, in STAT_PERCENTILES' order. */
export type Percentiles = Readonly<Record<`p${(typeof STAT_PERCENTILES)[number]}`, number>>;

export interface SampleStats {
  readonly count: number;
  readonly sum: number;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  /** The sample standard deviation (n − 1), 0 for one value. */
  readonly std: number;
  /** NumPy's linear percentiles of the values. */
  readonly percentiles: Percentiles;
}

/** Of `values` (summed in the order given, as NumPy sums an array in arrival order); null when there are none. */
export function gaugeStats(values: ArrayLike<number>): SampleStats | null {
  const count = values.length;
  if (count === 0) return null;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  const avg = sum / count;
  const sorted = Float64Array.from(values).sort();
  const percentiles = Object.fromEntries(STAT_PERCENTILES.map((p) => [`p${p}`, linearPercentile(sorted, p)])) as Percentiles;
  return { count, sum, avg, min: sorted[0]!, max: sorted[count - 1]!, std: sampleStd(values, avg), percentiles };
}
