// One histogram series over a run: bucket, sum and count deltas (a drop is a restart), per slice too, and aiperf's percentile estimates.
import type { HistogramSeries } from './families.js';
import type { HistogramStats, HistogramTimeslice } from './export-types.js';
import { estimatePercentiles, learnInterval, type BucketLearning, type EstimatedPercentiles } from './histogram-percentiles.js';
import { spanBounds, type SliceSpan } from './slice-spans.js';

interface Totals {
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

export class HistogramTally {
  /** Bucket bounds in ascending order, "+Inf" last: the first scrape's, kept for the run (others read into them). */
  private readonly les: readonly string[];
  private readonly learned: (BucketLearning | null)[];
  private last: Totals;
  private lastMs: number;
  private readonly total: Totals;
  private readonly slices = new Map<number, Totals>();

  /** `first` is the reference when scraped at the baseline; a series the server created after it starts from zero. */
  constructor(private readonly referenceMs: number, first: HistogramSeries, atBaseline: boolean) {
    this.les = [...first.buckets.keys()].sort((a, b) => bound(a) - bound(b));
    this.learned = this.les.map(() => null);
    this.last = atBaseline ? this.read(first) : this.zero();
    this.lastMs = referenceMs;
    this.total = this.zero();
  }

  /** The series scraped at `epochMs`; returns its count and sum increases since the last scrape. */
  add(epochMs: number, series: HistogramSeries, sliceKey: number | null): { count: number; sum: number } {
    const now = this.read(series);
    const reset = now.count < this.last.count || now.sum < this.last.sum || now.buckets.some((value, i) => value < this.last.buckets[i]!);
    const delta = reset ? now : { buckets: now.buckets.map((value, i) => value - this.last.buckets[i]!), sum: now.sum - this.last.sum, count: now.count - this.last.count };
    learnInterval({ les: this.les, learned: this.learned }, delta.buckets, delta.count, delta.sum);
    addInto(this.total, delta);
    if (sliceKey !== null) {
      const slice = this.slices.get(sliceKey);
      if (slice === undefined) this.slices.set(sliceKey, { buckets: Float64Array.from(delta.buckets), sum: delta.sum, count: delta.count });
      else addInto(slice, delta);
    }
    this.last = now;
    this.lastMs = epochMs;
    return { count: delta.count, sum: delta.sum };
  }

  /** The count and sum increases over the run so far. */
  get increase(): { readonly count: number; readonly sum: number } {
    return { count: Math.trunc(this.total.count), sum: this.total.sum };
  }

  /** The run's count, sum, rates, mean, percentile estimates and bucket deltas; with slices, each slice's too. */
  result(spans: readonly SliceSpan[] | null): { stats: HistogramStats; buckets: Record<string, number>; timeslices?: HistogramTimeslice[] } {
    const count = Math.trunc(this.total.count);
    const buckets = this.perBucket(this.total);
    if (count === 0) return { stats: { count: 0 }, buckets };
    const seconds = (this.lastMs - this.referenceMs) / 1000;
    const stats: HistogramStats = {
      count, sum: this.total.sum, avg: this.total.sum / count,
      ...(seconds > 0 ? { count_rate: count / seconds, sum_rate: this.total.sum / seconds } : {}),
      ...this.percentiles(this.total),
    };
    if (spans === null || spans.length === 0) return { stats, buckets };
    const timeslices = spans.map((span) => {
      const slice = this.slices.get(span.key) ?? this.zero();
      const sliceCount = Math.trunc(slice.count);
      return {
        ...spanBounds(span), count: sliceCount, sum: slice.sum, avg: sliceCount > 0 ? slice.sum / sliceCount : 0,
        buckets: this.perBucket(slice), ...this.percentiles(slice),
      };
    });
    return { stats, buckets, timeslices };
  }

  /** aiperf's estimates for a period's deltas; empty when it cannot say. */
  private percentiles(period: Totals): Partial<EstimatedPercentiles> {
    return estimatePercentiles({ les: this.les, learned: this.learned }, period.buckets, period.sum, Math.trunc(period.count)) ?? {};
  }

  /** Cumulative deltas as aiperf's `buckets`: by `le`, in bound order, whole numbers. */
  private perBucket(period: Totals): Record<string, number> {
    return Object.fromEntries(this.les.map((le, i) => [le, Math.trunc(period.buckets[i]!)]));
  }

  /** The series' values, its buckets read into the run's bounds (a missing bound reads 0, an extra one is ignored). */
  private read(series: HistogramSeries): Totals {
    return { buckets: Float64Array.from(this.les, (le) => series.buckets.get(le) ?? 0), sum: series.sum ?? 0, count: series.count ?? 0 };
  }

  private zero(): Totals {
    return { buckets: new Float64Array(this.les.length), sum: 0, count: 0 };
  }
}

function bound(le: string): number {
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

function addInto(into: Totals, delta: Totals): void {
  for (let i = 0; i < into.buckets.length; i++) into.buckets[i]! += delta.buckets[i]!;
  into.sum += delta.sum;
  into.count += delta.count;
}
