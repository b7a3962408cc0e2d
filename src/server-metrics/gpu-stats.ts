// aiperf's statistics of one GPU metric over a run: a gauge's distribution, or a counter's increase.
import { linearPercentile } from '../util/linear-percentile.js';
import { sampleStd } from '../util/sample-std.js';

/** aiperf's block keys, in its order; a counter has only unit and avg. */
const GPU_BLOCK_KEYS = ['avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum'] as const;
type GpuBlockKey = (typeof GPU_BLOCK_KEYS)[number];

/** One metric's block as profile_export_aiperf.json's telemetry_data holds it. */
export type GpuMetricBlock = { readonly unit: string; readonly avg: number } & Readonly<Partial<Record<Exclude<GpuBlockKey, 'avg'>, number>>>;

const PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99] as const;

/** A gauge's values (at least one): NumPy's linear percentiles and the sample standard deviation (0 for one value), as aiperf. */
export function gaugeBlock(unit: string, values: readonly number[]): GpuMetricBlock {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((total, v) => total + v, 0);
  const avg = sum / count;
  const block: Record<string, string | number> = { unit, avg };
  for (const p of PERCENTILES) block[`p${p}`] = linearPercentile(sorted, p);
  return { ...block, min: sorted[0]!, max: sorted[count - 1]!, std: sampleStd(sorted, avg), count, sum } as GpuMetricBlock;
}

/**
 * A counter's increase from `reference` (its last value before the run, else its first in the run) to its last
 * value, clamped at 0 as aiperf does for a counter that was reset.
 */
export function counterBlock(unit: string, reference: number, last: number): GpuMetricBlock {
  return { unit, avg: Math.max(last - reference, 0) };
}
