// A Prometheus histogram's percentiles from its bucket deltas, estimated as aiperf estimates them (learned bucket means, the exact sum).
import { STAT_PERCENTILES } from '../util/gauge-stats.js';
import { linearPercentile } from '../util/linear-percentile.js';

/** The percentiles aiperf estimates for a histogram, as `p<N>_estimate`. */
export type EstimatedPercentiles = Readonly<Record<`p${(typeof STAT_PERCENTILES)[number]}_estimate`, number>>;

/** At most this many observations are generated; larger counts are scaled down, the sum with them. */
const MAX_OBSERVATIONS = 100_000;
/** A bucket's learned variance is trusted from this many single-bucket intervals. */
const MIN_VARIANCE_INTERVALS = 3;

/** What the scrape intervals whose observations all fell in one bucket say about where in that bucket they lie. */
export class BucketLearning {
  private observations = 0;
  private weightedMeanSum = 0;
  /** Welford's running mean and squared deviations of the intervals' means (unweighted), for their sample variance. */
  private intervals = 0;
  private meanOfMeans = 0;
  private squaredDeviations = 0;

  /** An interval whose `count` observations all fell in this bucket, with mean `mean` (its sum delta / count delta). */
  record(mean: number, count: number): void {
    this.observations += count;
    this.weightedMeanSum += mean * count;
    this.intervals++;
    const delta = mean - this.meanOfMeans;
    this.meanOfMeans += delta / this.intervals;
    this.squaredDeviations += delta * (mean - this.meanOfMeans);
  }

  /** The intervals' means weighted by their counts; null before any interval. */
  get mean(): number | null {
    return this.observations === 0 ? null : this.weightedMeanSum / this.observations;
  }

  /** The sample variance (n − 1) of the intervals' means; null before three intervals. */
  get variance(): number | null {
    return this.intervals < MIN_VARIANCE_INTERVALS ? null : this.squaredDeviations / (this.intervals - 1);
  }
}

/** A histogram's bucket bounds in ascending order ("+Inf" last, if the server wrote it) and their learning so far. */
export interface BucketModel {
  readonly les: readonly string[];
  /** Parallel to `les`; null where no single-bucket interval was seen. */
  readonly learned: readonly (BucketLearning | null)[];
}

/**
 * Learns from one scrape interval: `cumulativeDeltas` (parallel to `model.les`, each clipped at zero), the interval's
 * count and sum deltas. Only an interval whose observations all fell in one bucket teaches anything.
 */
export function learnInterval(model: BucketModel & { readonly learned: (BucketLearning | null)[] }, cumulativeDeltas: ArrayLike<number>, countDelta: number, sumDelta: number): void {
  const count = Math.trunc(countDelta);
  if (count <= 0) return;
  let active = -1;
  for (let i = 0; i < model.les.length; i++) {
    const own = Math.max(0, cumulativeDeltas[i]!) - (i === 0 ? 0 : Math.max(0, cumulativeDeltas[i - 1]!));
    if (own <= 0) continue;
    if (active >= 0) return;
    active = i;
  }
  if (active < 0) return;
  (model.learned[active] ??= new BucketLearning()).record(sumDelta / count, count);
}

/**
 * aiperf's estimate of the percentiles of the observations behind `cumulative` (count at or below each bound of
 * `model.les`, deltas over the period), given their exact `sum` and `count`; null when it cannot say (no
 * observations, a negative or non-finite sum, no finite bucket).
 */
export function estimatePercentiles(model: BucketModel, cumulative: ArrayLike<number>, sum: number, count: number): EstimatedPercentiles | null {
  if (count <= 0 || model.les.length === 0) return null;
  if (!Number.isFinite(sum) || sum < 0) return null;
  if (sum === 0) return percentilesOf(new Float64Array([0]));
  const finite = model.les.map((le, i) => ({ le, i, bound: Number(le) })).filter(({ le }) => le !== '+Inf');
  if (finite.length === 0) return null;
  const maxFinite = Math.max(...finite.map(({ bound }) => bound));
  const sorted = [...finite].sort((a, b) => a.bound - b.bound);

  // Cumulative to per-bucket counts, in bound order; +Inf's own count apart.
  const perBucket = new Map<string, number>();
  let previous = 0;
  for (const { le, i } of sorted) {
    perBucket.set(le, cumulative[i]! - previous);
    previous = cumulative[i]!;
  }
  const infIndex = model.les.indexOf('+Inf');
  let infRaw = infIndex < 0 ? 0 : cumulative[infIndex]! - previous;

  let total = infRaw;
  for (const value of perBucket.values()) total += value;
  let targetSum = sum;
  if (total > MAX_OBSERVATIONS) {
    const ratio = MAX_OBSERVATIONS / total;
    for (const [le, value] of perBucket) perBucket.set(le, value * ratio);
    infRaw *= ratio;
    targetSum *= ratio;
  }
  const infCount = infRaw > 0 ? Math.ceil(infRaw) : 0;
  const buckets: BucketSpan[] = sorted.map(({ le, i }, k) => ({
    le,
    lower: k === 0 ? 0 : sorted[k - 1]!.bound,
    upper: sorted[k]!.bound,
    count: perBucket.get(le)!,
    learned: model.learned[i] ?? null,
  }));

  let estimatedFiniteSum = 0;
  for (const bucket of buckets) if (bucket.count > 0) estimatedFiniteSum += bucket.count * (learnedMean(bucket) ?? midpoint(bucket));
  const infObservations = infBucketObservations(targetSum, estimatedFiniteSum, infCount, maxFinite);
  let infSum = 0;
  for (const value of infObservations) infSum += value;
  const finiteObservations = observationsWithSum(buckets, targetSum - infSum);
  const all = new Float64Array(finiteObservations.length + infObservations.length);
  all.set(finiteObservations);
  all.set(infObservations, finiteObservations.length);
  if (all.length === 0) return null;
  return percentilesOf(all.sort());
}

interface BucketSpan {
  readonly le: string;
  readonly lower: number;
  readonly upper: number;
  /** Observations in (lower, upper], possibly fractional after scaling down. */
  readonly count: number;
  readonly learned: BucketLearning | null;
}

function percentilesOf(sorted: Float64Array): EstimatedPercentiles {
  return Object.fromEntries(STAT_PERCENTILES.map((p) => [`p${p}_estimate`, linearPercentile(sorted, p)])) as EstimatedPercentiles;
}

function midpoint(bucket: BucketSpan): number {
  return (bucket.lower + bucket.upper) / 2;
}

/** The learned mean when it lies strictly inside the bucket; null otherwise. */
function learnedMean(bucket: BucketSpan): number | null {
  const mean = bucket.learned?.mean ?? null;
  return mean !== null && bucket.lower < mean && mean < bucket.upper ? mean : null;
}

/**
 * The +Inf bucket's observations: its sum is what the finite buckets' estimate leaves of the exact sum; spread evenly
 * from the largest finite bound so their mean is that sum over their count (1.5× the bound when the estimate is off).
 */
function infBucketObservations(totalSum: number, finiteSum: number, count: number, maxFinite: number): Float64Array {
  if (count <= 0) return new Float64Array(0);
  const infSum = totalSum - finiteSum;
  let mean = infSum > 0 ? infSum / count : maxFinite * 1.5;
  if (mean <= maxFinite) mean = maxFinite * 1.5;
  if (count === 1) return Float64Array.of(mean);
  let upper = 2 * mean - maxFinite;
  if (upper <= maxFinite) upper = maxFinite * 2;
  return linspace(maxFinite, upper, count);
}

/** NumPy's linspace: `n` evenly spaced values from `start` to `stop`, both included. */
function linspace(start: number, stop: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const step = (stop - start) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step + start;
  out[n - 1] = stop;
  return out;
}

/**
 * The finite buckets' observations: placed by what each bucket learned (two-point mass for a very tight spread, a blend
 * for a tight centred one, variance-shaped otherwise, else uniform around the learned mean, the overall mean for a
 * bucket holding 95% of them, or the midpoint), then shifted, bucket by bucket, towards the exact `targetSum`.
 */
function observationsWithSum(buckets: readonly BucketSpan[], targetSum: number): Float64Array {
  let total = 0;
  for (const bucket of buckets) total += bucket.count;
  const average = total > 0 ? targetSum / total : 0;
  let dominant: string | null = null;
  if (total > 0) {
    const most = Math.max(...buckets.map((bucket) => bucket.count));
    if (most / total >= 0.95) dominant = buckets.find((bucket) => bucket.count === most)!.le;
  }
  const counts = buckets.map((bucket) => Math.max(0, Math.trunc(bucket.count)));
  const size = counts.reduce((a, b) => a + b, 0);
  const out = new Float64Array(size);
  if (size === 0) return out;

  const placed: { start: number; count: number; lower: number; upper: number }[] = [];
  let at = 0;
  buckets.forEach((bucket, k) => {
    const count = counts[k]!;
    if (count <= 0) return;
    const { lower, upper } = bucket;
    const width = upper - lower;
    const mean = learnedMean(bucket);
    const variance = bucket.learned?.variance ?? null;
    let values: Float64Array;
    if (mean !== null && variance !== null && variance > 0) {
      const std = Math.sqrt(variance);
      const coverage = (4 * std) / width;
      const offset = Math.abs(mean - (lower + upper) / 2) / width;
      if (coverage < 0.01) values = twoPointMass(count, lower, upper, mean, variance);
      else if (coverage < 0.2 && offset < 0.3) values = blended(count, lower, upper, mean, std);
      else values = varianceShaped(count, lower, upper, mean, std);
    } else {
      let centre = mean ?? (lower + upper) / 2;
      if (bucket.le === dominant && lower < average && average < upper) centre = average;
      values = shiftedUniform(count, lower, upper, centre);
    }
    out.set(values, at);
    placed.push({ start: at, count, lower, upper });
    at += count;
  });

  let generated = 0;
  for (const value of out) generated += value;
  if (generated <= 0 || targetSum <= 0) return out;
  const discrepancy = targetSum - generated;
  if (Math.abs(discrepancy) / targetSum < 0.001) return out;
  for (const { start, count, lower, upper } of placed) {
    let bucketSum = 0;
    for (let i = start; i < start + count; i++) bucketSum += out[i]!;
    const maxShift = (upper - lower) * 0.4;
    const shift = clip((discrepancy * (bucketSum / generated)) / count, -maxShift, maxShift);
    for (let i = start; i < start + count; i++) out[i] = clip(out[i]! + shift, lower, upper);
  }
  return out;
}

function clip(value: number, lower: number, upper: number): number {
  return Math.min(upper, Math.max(lower, value));
}

/** (i + 0.5) / n for i in 0..n−1. */
function fractions(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (i + 0.5) / n;
  return out;
}

/** Uniform over the bucket, shifted so its centre is `centre`, clipped into the bucket. */
function shiftedUniform(count: number, lower: number, upper: number, centre: number): Float64Array {
  const shift = centre - (lower + upper) / 2;
  return fractions(count).map((f) => clip(lower + (upper - lower) * f + shift, lower, upper));
}

/** Mass at the lower bound and at one point above the mean, matching the learned mean and variance. */
function twoPointMass(count: number, lower: number, upper: number, mean: number, variance: number): Float64Array {
  const a = clip(mean - lower > 0 ? mean + variance / (mean - lower) : upper, lower, upper);
  const denominator = variance + (mean - lower) ** 2;
  const atLower = Math.trunc(count * clip(denominator > 0 ? variance / denominator : 0.5, 0, 1));
  const out = new Float64Array(count).fill(a);
  out.fill(lower, 0, atLower);
  return out;
}

/** From the mean towards each edge, at most three learned standard deviations, clipped into the bucket. */
function varianceShaped(count: number, lower: number, upper: number, mean: number, std: number): Float64Array {
  const below = Math.min(std > 0 ? (mean - lower) / std : 3, 3);
  const above = Math.min(std > 0 ? (upper - mean) / std : 3, 3);
  return fractions(count).map((f) => clip(f < 0.5 ? mean - below * std * (1 - 2 * f) : mean + above * std * (2 * f - 1), lower, upper));
}

/** Half shifted-uniform, half variance-shaped. */
function blended(count: number, lower: number, upper: number, mean: number, std: number): Float64Array {
  const uniform = shiftedUniform(count, lower, upper, mean);
  const shaped = varianceShaped(count, lower, upper, mean, std);
  return uniform.map((value, i) => clip(0.5 * value + 0.5 * shaped[i]!, lower, upper));
}
