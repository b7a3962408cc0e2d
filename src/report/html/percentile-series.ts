// Percentile curves from the summary's HDR histograms, on the nines axis: latency against 0%, 90%, 99%, 99.9%, …
import { Distribution, type EncodedDistribution } from '../../metrics/histogram.js';
import { ninesPosition, percentileAt } from './svg-scale.js';

/** Points per decade of nines: smooth enough, and about 20 × log10(count) points per curve. */
const STEPS_PER_DECADE = 20;

export interface PercentileCurve {
  /** [nines position, value] pairs, ascending. */
  readonly points: [number, number][];
  /** The furthest nines position the sample count supports: log10(count), at least 1 (90%). */
  readonly maxPosition: number;
}

/**
 * The curve up to the percentile the data can speak for: with n values, 1 − 1/n (99% at 100 values), beyond which
 * every percentile is the maximum. Null when the histogram is empty.
 */
export function percentileCurve(encoded: EncodedDistribution): PercentileCurve | null {
  if (encoded.count === 0) return null;
  const maxPosition = Math.max(1, Math.log10(encoded.count));
  const percentiles: number[] = [];
  for (let i = 0; i / STEPS_PER_DECADE < maxPosition; i++) percentiles.push(percentileAt(i / STEPS_PER_DECADE));
  percentiles.push(percentileAt(maxPosition));
  const curve = Distribution.decode(encoded).percentileCurve(percentiles);
  return { points: curve.map(({ percentile, value }) => [ninesPosition(percentile), value]), maxPosition };
}
