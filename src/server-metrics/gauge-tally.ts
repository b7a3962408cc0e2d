// One gauge series over a run: every value since the baseline scrape (for aiperf's exact percentiles), and per time slice.
import { gaugeStats } from '../util/gauge-stats.js';
import type { GaugeStats, GaugeTimeslice } from './export-types.js';
import { spanBounds, type SliceSpan } from './slice-spans.js';

interface SliceValues {
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** 8 bytes a scrape: the values themselves, as aiperf's gauge percentiles are over the samples, not estimated. */
export class GaugeTally {
  private values = new Float64Array(64);
  private size = 0;
  private readonly slices = new Map<number, SliceValues>();

  /** A value scraped after the baseline; `sliceKey` null without --slice-duration. */
  add(value: number, sliceKey: number | null): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
    if (sliceKey === null) return;
    const slice = this.slices.get(sliceKey);
    if (slice === undefined) this.slices.set(sliceKey, { sum: value, count: 1, min: value, max: value });
    else {
      slice.sum += value;
      slice.count++;
      slice.min = Math.min(slice.min, value);
      slice.max = Math.max(slice.max, value);
    }
  }

  /** gaugeStats' avg, min, max, std and percentiles, in aiperf's order; null before any value. */
  stats(): GaugeStats | null {
    const stats = gaugeStats(this.values.subarray(0, this.size));
    if (stats === null) return null;
    const { avg, min, max, std, percentiles } = stats;
    return { avg, min, max, std, ...percentiles };
  }

  /** avg, min and max of each slice that holds a value; null with fewer than two values in all (as aiperf). */
  timeslices(spans: readonly SliceSpan[]): GaugeTimeslice[] | null {
    if (this.size < 2) return null;
    const out: GaugeTimeslice[] = [];
    for (const span of spans) {
      const slice = this.slices.get(span.key);
      if (slice === undefined) continue;
      out.push({ ...spanBounds(span), avg: slice.sum / slice.count, min: slice.min, max: slice.max });
    }
    return out.length > 0 ? out : null;
  }
}
