// The metrics mmload reports: aiperf's tags, display names and units, plus mmload's own extras.

export type Unit =
  | 'ms'
  | 'sec'
  | 'tokens'
  | 'requests'
  | 'requests/sec'
  | 'tokens/sec'
  | 'tokens/sec/user';

/** Metrics with one value per request (or per chunk gap), summarised as a distribution. */
export type DistributionTag =
  | 'time_to_first_token'
  | 'time_to_second_token'
  | 'request_latency'
  | 'inter_token_latency'
  | 'output_token_throughput_per_user'
  | 'output_sequence_length'
  | 'input_sequence_length'
  | 'expected_input_sequence_length'
  | 'inter_chunk_latency'
  | 'request_upload_time'
  | 'stream_setup_latency'
  | 'time_to_first_token_from_schedule'
  | 'request_latency_from_schedule'
  | 'schedule_lag'
  | 'error_isl';

/** Metrics with a single value for the whole run. */
export type ValueTag =
  | 'output_token_throughput'
  | 'total_token_throughput'
  | 'request_throughput'
  | 'achieved_request_rate'
  | 'goodput'
  | 'request_count'
  | 'good_request_count'
  | 'error_request_count'
  | 'benchmark_duration'
  | 'total_osl'
  | 'total_isl'
  | 'total_error_isl';

export interface MetricInfo {
  /** aiperf's display name, without the unit. */
  readonly header: string;
  readonly unit: Unit;
  /** Direction of a goodput SLO: larger-is-better metrics pass at value >= threshold. */
  readonly largerIsBetter: boolean;
  /** Shown in the console table (aiperf hides some metrics there; the files carry all). */
  readonly console: boolean;
}

const info = (header: string, unit: Unit, largerIsBetter = false, console = true): MetricInfo => ({
  header,
  unit,
  largerIsBetter,
  console,
});

/** Distribution metrics in aiperf's display order; the last three are not aiperf console rows. */
export const DISTRIBUTION_METRICS: Readonly<Record<DistributionTag, MetricInfo>> = {
  time_to_first_token: info('Time to First Token', 'ms'),
  time_to_second_token: info('Time to Second Token', 'ms'),
  request_latency: info('Request Latency', 'ms'),
  inter_token_latency: info('Inter Token Latency', 'ms'),
  output_token_throughput_per_user: info('Output Token Throughput Per User', 'tokens/sec/user', true),
  output_sequence_length: info('Output Sequence Length', 'tokens', true),
  input_sequence_length: info('Input Sequence Length', 'tokens', true),
  // mmload's own: the ISL the workload expects (Qwen3-VL arithmetic), time to write the request body (large
  // for image payloads), time to response headers.
  expected_input_sequence_length: info('Expected Input Sequence Length', 'tokens', true),
  request_upload_time: info('Request Upload Time', 'ms'),
  stream_setup_latency: info('Stream Setup Latency', 'ms'),
  // mmload's own, open-loop shapes only: the same from the intended send time, and how late sends went.
  time_to_first_token_from_schedule: info('Time to First Token from Schedule', 'ms'),
  request_latency_from_schedule: info('Request Latency from Schedule', 'ms'),
  schedule_lag: info('Schedule Lag', 'ms'),
  inter_chunk_latency: info('Inter Chunk Latency', 'ms', false, false),
  error_isl: info('Error Input Sequence Length', 'tokens', true, false),
};

/** Single-value metrics in aiperf's display order. */
export const VALUE_METRICS: Readonly<Record<ValueTag, MetricInfo>> = {
  output_token_throughput: info('Output Token Throughput', 'tokens/sec', true),
  total_token_throughput: info('Total Token Throughput', 'tokens/sec', true, false),
  request_throughput: info('Request Throughput', 'requests/sec', true),
  achieved_request_rate: info('Achieved Request Rate', 'requests/sec', true),
  goodput: info('Goodput', 'requests/sec', true),
  request_count: info('Request Count', 'requests', true),
  good_request_count: info('Good Request Count', 'requests', true, false),
  error_request_count: info('Error Request Count', 'requests'),
  benchmark_duration: info('Benchmark Duration', 'sec'),
  total_osl: info('Total Output Sequence Length', 'tokens', true, false),
  total_isl: info('Total Input Sequence Length', 'tokens', true, false),
  total_error_isl: info('Total Error Input Sequence Length', 'tokens', true, false),
};

/** "Time to First Token (ms)"; like aiperf, request counts carry no unit ("Request Count"). */
export function displayName(metric: MetricInfo): string {
  return metric.unit === 'requests' ? metric.header : `${metric.header} (${metric.unit})`;
}
