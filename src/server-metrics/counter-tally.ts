// One counter series over a run: its increase since the reference (a drop is a restart: the new value counts whole), per slice too.
import type { CounterStats, CounterTimeslice } from './export-types.js';
import { sampleStd } from '../util/sample-std.js';
import { spanBounds, type SliceSpan } from './slice-spans.js';

export class CounterTally {
  private last: number;
  private lastMs: number;
  private total = 0;
  private readonly slices = new Map<number, number>();

  /** `reference`: the value at the baseline scrape, or 0 for a series the server created after it. */
  constructor(private readonly referenceMs: number, reference: number) {
    this.last = reference;
    this.lastMs = referenceMs;
  }

  /** The increase over the run so far. */
  get increase(): number {
    return this.total;
  }

  /** The value scraped at `epochMs`; returns how much the counter grew since the last one. */
  add(epochMs: number, value: number, sliceKey: number | null): number {
    const increase = value >= this.last ? value - this.last : value;
    this.last = value;
    this.lastMs = epochMs;
    this.total += increase;
    if (sliceKey !== null) this.slices.set(sliceKey, (this.slices.get(sliceKey) ?? 0) + increase);
    return increase;
  }

  /** total and rate over the run; with slices, their totals and rates, and rate_* over the complete ones. */
  result(spans: readonly SliceSpan[] | null): { stats: CounterStats; timeslices?: CounterTimeslice[] } {
    const seconds = (this.lastMs - this.referenceMs) / 1000;
    const stats = { total: this.total, rate: seconds > 0 ? this.total / seconds : 0 };
    if (spans === null || spans.length === 0) return { stats };
    const timeslices = spans.map((span) => {
      const total = this.slices.get(span.key) ?? 0;
      return { ...spanBounds(span), total, rate: total / ((span.endMs - span.startMs) / 1000) };
    });
    const rates = timeslices.filter((slice) => slice.is_complete === undefined).map((slice) => slice.rate);
    if (rates.length === 0) return { stats, timeslices };
    const avg = rates.reduce((a, b) => a + b, 0) / rates.length;
    return { stats: { ...stats, rate_avg: avg, rate_min: Math.min(...rates), rate_max: Math.max(...rates), rate_std: sampleStd(rates, avg) }, timeslices };
  }
}
