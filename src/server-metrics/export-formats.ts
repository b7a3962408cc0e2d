// The server metrics files a run can write (--server-metrics-formats), as aiperf names them.

/** aiperf's formats mmload writes; its parquet is refused (see commands/profile/server-metrics-flags.ts). */
export const SERVER_METRICS_FORMATS = ['json', 'csv', 'jsonl'] as const;

export type ServerMetricsFormat = (typeof SERVER_METRICS_FORMATS)[number];

/** aiperf's default: the aggregates only; the per-scrape JSONL is opt-in. */
export const DEFAULT_SERVER_METRICS_FORMATS: readonly ServerMetricsFormat[] = ['json', 'csv'];
