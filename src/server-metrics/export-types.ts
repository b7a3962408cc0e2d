// The shapes of aiperf's server metrics exports (server_metrics_export.json's series, stats and timeslices), keys as aiperf writes them.
import type { Labels } from './families.js';
import type { EstimatedPercentiles } from './histogram-percentiles.js';
import type { MetricUnit } from './units.js';
import type { Percentiles } from '../util/gauge-stats.js';

/** A timeslice's bounds in epoch ns; `is_complete: false` only on a slice the collection window cut short. */
export interface TimesliceBounds {
  readonly start_ns: bigint;
  readonly end_ns: bigint;
  readonly is_complete?: false;
}

export type GaugeStats = { readonly avg: number; readonly min: number; readonly max: number; readonly std: number } & Percentiles;

export interface GaugeTimeslice extends TimesliceBounds {
  readonly avg: number; readonly min: number; readonly max: number;
}

/** rate_* come from the complete timeslices' rates, with --slice-duration only. */
export interface CounterStats {
  readonly total: number; readonly rate: number;
  readonly rate_avg?: number; readonly rate_min?: number; readonly rate_max?: number; readonly rate_std?: number;
}

export interface CounterTimeslice extends TimesliceBounds {
  readonly total: number; readonly rate: number;
}

/** A histogram's change over the period; with no observation, only `count: 0`. */
export type HistogramStats = { readonly count: number } & Partial<{
  readonly sum: number; readonly avg: number; readonly count_rate: number; readonly sum_rate: number;
}> & Partial<EstimatedPercentiles>;

/** Bucket deltas by `le`; mmload adds the slice's percentile estimates, which aiperf's timeslices do not carry. */
export type HistogramTimeslice = TimesliceBounds & {
  readonly count: number; readonly sum: number; readonly avg: number; readonly buckets?: Readonly<Record<string, number>>;
} & Partial<EstimatedPercentiles>;

export type MetricKind = 'gauge' | 'counter' | 'histogram';

interface SeriesHead {
  readonly endpoint_url: string;
  /** Sorted by name; absent without labels. */
  readonly labels?: Labels;
}

export type GaugeSeriesExport = SeriesHead & { readonly stats: GaugeStats; readonly timeslices?: readonly GaugeTimeslice[] };
export type CounterSeriesExport = SeriesHead & { readonly stats: CounterStats; readonly timeslices?: readonly CounterTimeslice[] };
export type HistogramSeriesExport = SeriesHead & {
  readonly stats: HistogramStats;
  /** Per-bucket deltas over the period, by `le` in bound order. */
  readonly buckets?: Readonly<Record<string, number>>;
  readonly timeslices?: readonly HistogramTimeslice[];
};

export type SeriesExport = GaugeSeriesExport | CounterSeriesExport | HistogramSeriesExport;

/** One metric family across endpoints, as server_metrics_export.json keys it by name. */
export interface MetricExport {
  readonly type: MetricKind;
  readonly description: string;
  readonly unit?: MetricUnit;
  readonly series: readonly SeriesExport[];
}

/** aiperf's endpoint_info: how the scrapes of one endpoint went. */
export interface EndpointInfo {
  readonly total_fetches: number;
  readonly first_fetch_ns: bigint;
  readonly last_fetch_ns: bigint;
  readonly avg_fetch_latency_ms: number;
  readonly unique_updates: number;
  readonly first_update_ns: bigint;
  readonly last_update_ns: bigint;
  readonly duration_seconds: number;
  readonly avg_update_interval_ms: number;
  readonly median_update_interval_ms?: number;
}
