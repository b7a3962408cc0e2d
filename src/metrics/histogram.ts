// Distributions of metric values: exact avg/min/max/std, aiperf's exact percentiles up to 2,000 values, else an HDR histogram (the one place its parameters live).
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { Unit } from './catalog.js';
import { linearPercentile } from '../util/linear-percentile.js';

/** The HDR parameters every mmload histogram uses: 3 significant digits, growing as values arrive. */
const SIGNIFICANT_DIGITS = 3;
/**
 * Up to this many values a distribution also keeps them all, and its percentiles are aiperf's exactly (linear
 * interpolation between the sorted values); past it, memory stays flat and percentiles come from the histogram.
 */
export const EXACT_PERCENTILE_LIMIT = 2000;

/**
 * Integer steps recorded per unit: HDR stores integers, so ms are kept as integer microseconds,
 * tokens as whole tokens, rates and percentages as milli-units. Values are rounded to the step.
 */
const SCALE: Readonly<Record<Unit, number>> = {
  ms: 1000,
  sec: 1_000_000,
  ns: 1,
  tokens: 1,
  requests: 1,
  'requests/sec': 1000,
  'tokens/sec': 1000,
  'tokens/sec/user': 1000,
  '%': 1000,
};

/** The statistics of a distribution, in the column order of aiperf's CSV; std is the population std. */
export const STAT_KEYS = ['avg', 'min', 'max', 'sum', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'std'] as const;
export type StatKey = (typeof STAT_KEYS)[number];

/** avg, min, max, sum and std are exact; so are the percentiles up to EXACT_PERCENTILE_LIMIT values, else from the histogram (within 0.1%, inside [min, max]). */
export type DistributionStats = Readonly<Record<StatKey, number>> & { readonly count: number };

/** A distribution in a form that survives JSON, for merging shards run in other processes. */
export interface EncodedDistribution {
  readonly unit: Unit;
  readonly count: number;
  readonly sum: number;
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  /** The HDR histogram, compressed and base64-encoded (HdrHistogram's standard encoding). */
  readonly hdr: string;
  /** Every value, while there are at most EXACT_PERCENTILE_LIMIT of them. */
  readonly values?: readonly number[];
}

function newHistogram(): Histogram {
  return build({ numberOfSignificantValueDigits: SIGNIFICANT_DIGITS, autoResize: true });
}

export class Distribution {
  private count = 0;
  private sum = 0;
  /** Welford's running mean and sum of squared deviations, for an exact, stable std. */
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  /** Every value recorded, until there are more than EXACT_PERCENTILE_LIMIT; then null. */
  private values: number[] | null = [];
  private readonly scale: number;

  /** `histogram` is only for decode(); a new distribution starts with an empty one. */
  constructor(
    readonly unit: Unit,
    private readonly histogram: Histogram = newHistogram(),
  ) {
    this.scale = SCALE[unit];
  }

  record(value: number): void {
    this.count += 1;
    this.sum += value;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.histogram.recordValue(Math.max(0, Math.round(value * this.scale)));
    if (this.values !== null) {
      if (this.count > EXACT_PERCENTILE_LIMIT) this.values = null;
      else this.values.push(value);
    }
  }

  /** Adds another distribution of the same unit into this one (Chan et al.'s parallel update). */
  add(other: Distribution): void {
    if (other.unit !== this.unit) throw new Error(`cannot merge ${other.unit} into ${this.unit}`);
    if (other.count === 0) return;
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / count;
    this.mean += (delta * other.count) / count;
    this.count = count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.histogram.add(other.histogram);
    this.values = this.values !== null && other.values !== null && count <= EXACT_PERCENTILE_LIMIT ? [...this.values, ...other.values] : null;
  }

  /** The summary statistics, or null when nothing was recorded. */
  stats(): DistributionStats | null {
    if (this.count === 0) return null;
    const valueAt = this.percentiles();
    return {
      count: this.count,
      avg: this.sum / this.count,
      min: this.min,
      max: this.max,
      sum: this.sum,
      std: Math.sqrt(Math.max(0, this.m2 / this.count)),
      p1: valueAt(1),
      p5: valueAt(5),
      p10: valueAt(10),
      p25: valueAt(25),
      p50: valueAt(50),
      p75: valueAt(75),
      p90: valueAt(90),
      p95: valueAt(95),
      p99: valueAt(99),
    };
  }

  /** The value at each percentile (0 to 100), clamped into [min, max] like stats(); empty when nothing was recorded. */
  percentileCurve(points: readonly number[]): { percentile: number; value: number }[] {
    if (this.count === 0) return [];
    const valueAt = this.percentiles();
    return points.map((percentile) => ({ percentile, value: valueAt(percentile) }));
  }

  /**
   * The value at a percentile (0 to 100): with every value kept, aiperf's (NumPy's) linear interpolation at rank
   * p/100·(n − 1) of the sorted values; else the histogram's, in the recorded unit, clamped into the exact [min, max].
   */
  private percentiles(): (percentile: number) => number {
    if (this.values !== null) {
      const sorted = [...this.values].sort((a, b) => a - b);
      return (percentile) => linearPercentile(sorted, percentile);
    }
    return (percentile) => Math.min(this.max, Math.max(this.min, this.histogram.getValueAtPercentile(percentile) / this.scale));
  }

  encode(): EncodedDistribution {
    return {
      unit: this.unit,
      count: this.count,
      sum: this.sum,
      m2: this.m2,
      min: this.min,
      max: this.max,
      hdr: encodeIntoCompressedBase64(this.histogram),
      ...(this.values === null ? {} : { values: this.values }),
    };
  }

  static decode(encoded: EncodedDistribution): Distribution {
    const histogram = decodeFromCompressedBase64(encoded.hdr);
    histogram.autoResize = true;
    const distribution = new Distribution(encoded.unit, histogram);
    distribution.count = encoded.count;
    distribution.sum = encoded.sum;
    distribution.mean = encoded.count === 0 ? 0 : encoded.sum / encoded.count;
    distribution.m2 = encoded.m2;
    distribution.min = encoded.count === 0 ? Infinity : encoded.min;
    distribution.max = encoded.count === 0 ? -Infinity : encoded.max;
    distribution.values = encoded.values !== undefined && encoded.values.length === encoded.count ? [...encoded.values] : null;
    return distribution;
  }
}
