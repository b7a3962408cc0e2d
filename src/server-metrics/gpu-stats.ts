// aiperf's statistics of one GPU metric over a run: a gauge's distribution, or a counter's increase.
import { BLOCK_KEY_ORDER, gaugeStats } from '../util/gauge-stats.js';

/** aiperf's block keys; a counter has only unit and avg. */
type GpuBlockKey = (typeof BLOCK_KEY_ORDER)[number];

/** One metric's block as profile_export_aiperf.json's telemetry_data holds it. */
export type GpuMetricBlock = { readonly unit: string; readonly avg: number } & Readonly<Partial<Record<Exclude<GpuBlockKey, 'avg'>, number>>>;

/** A gauge's values (at least one) in arrival order: gaugeStats' statistics in aiperf's block order. */
export function gaugeBlock(unit: string, values: readonly number[]): GpuMetricBlock {
  const { avg, percentiles, min, max, std, count, sum } = gaugeStats(values)!;
  return { unit, avg, ...percentiles, min, max, std, count, sum };
}

/**
 * A counter's increase from `reference` (its last value before the run, else its first in the run) to its last
 * value, clamped at 0 as aiperf does for a counter that was reset.
 */
export function counterBlock(unit: string, reference: number, last: number): GpuMetricBlock {
  return { unit, avg: Math.max(last - reference, 0) };
}
