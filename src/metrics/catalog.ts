// The metrics mmload reports: aiperf's tags, display names and units, plus mmload's own extras.

export type Unit =
  | 'ms'
  | 'sec'
  | 'ns'
  | 'tokens'
  | 'requests'
  | 'requests/sec'
  | 'tokens/sec'
  | 'tokens/sec/user'
  | '%';

/** Metrics with one value per request (or per chunk gap), summarised as a distribution. */
export type DistributionTag =
  | 'time_to_first_token'
  | 'time_to_second_token'
  | 'request_latency'
  | 'inter_token_latency'
  | 'output_token_throughput_per_user'
  | 'output_sequence_length'
  | 'input_sequence_length'
  | 'output_token_count'
  | 'reasoning_token_count'
  | 'usage_prompt_tokens'
  | 'usage_completion_tokens'
  | 'usage_reasoning_tokens'
  | 'usage_prompt_cache_read_tokens'
  | 'usage_prompt_tokens_diff_pct'
  | 'usage_completion_tokens_diff_pct'
  | 'usage_reasoning_tokens_diff_pct'
  | 'osl_mismatch_diff_pct'
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
  | 'usage_discrepancy_count'
  | 'osl_mismatch_count'
  | 'benchmark_duration'
  | 'min_request_timestamp'
  | 'max_response_timestamp'
  | 'total_osl'
  | 'total_isl'
  | 'total_output_tokens'
  | 'total_reasoning_tokens'
  | 'total_error_isl';

export interface MetricInfo {
  /** aiperf's display name, without the unit. */
  readonly header: string;
  readonly unit: Unit;
  /** Direction of a goodput SLO: larger-is-better metrics pass at value >= threshold. */
  readonly largerIsBetter: boolean;
  /** Shown in the console table (aiperf hides some metrics there; the files carry all). */
  readonly console: boolean;
  /** One of aiperf's own metrics, written to the files aiperf's tools read (--compat aiperf); false: mmload's own. */
  readonly aiperf: boolean;
}

const info = (header: string, unit: Unit, { larger = false, console = true, aiperf = true } = {}): MetricInfo => ({
  header,
  unit,
  largerIsBetter: larger,
  console,
  aiperf,
});
const LARGER = { larger: true };
const HIDDEN = { console: false };
const HIDDEN_LARGER = { larger: true, console: false };
const MMLOAD = { aiperf: false };

/** Distribution metrics in aiperf's display order, then mmload's own. */
export const DISTRIBUTION_METRICS: Readonly<Record<DistributionTag, MetricInfo>> = {
  time_to_first_token: info('Time to First Token', 'ms'),
  time_to_second_token: info('Time to Second Token', 'ms'),
  request_latency: info('Request Latency', 'ms'),
  inter_token_latency: info('Inter Token Latency', 'ms'),
  output_token_throughput_per_user: info('Output Token Throughput Per User', 'tokens/sec/user', LARGER),
  output_sequence_length: info('Output Sequence Length', 'tokens', LARGER),
  input_sequence_length: info('Input Sequence Length', 'tokens', LARGER),
  output_token_count: info('Output Token Count', 'tokens', HIDDEN_LARGER),
  reasoning_token_count: info('Reasoning Token Count', 'tokens', HIDDEN_LARGER),
  // What the server's usage said, beside the client's counts above, and how far the two are apart.
  usage_prompt_tokens: info('Usage Prompt Tokens', 'tokens', LARGER),
  usage_completion_tokens: info('Usage Completion Tokens', 'tokens', HIDDEN_LARGER),
  usage_reasoning_tokens: info('Usage Reasoning Tokens', 'tokens', HIDDEN_LARGER),
  usage_prompt_cache_read_tokens: info('Usage Prompt Cache Read Tokens', 'tokens', HIDDEN_LARGER),
  usage_prompt_tokens_diff_pct: info('Usage Prompt Diff', '%', HIDDEN),
  usage_completion_tokens_diff_pct: info('Usage Completion Diff', '%', HIDDEN),
  usage_reasoning_tokens_diff_pct: info('Usage Reasoning Diff', '%', HIDDEN),
  osl_mismatch_diff_pct: info('OSL Mismatch Diff', '%', HIDDEN),
  // mmload's own: the ISL the workload expects (Qwen3-VL arithmetic), time to write the request body (large
  // for image payloads), time to response headers (aiperf's stream_setup_latency, experimental and unexported there).
  expected_input_sequence_length: info('Expected Input Sequence Length', 'tokens', { larger: true, aiperf: false }),
  request_upload_time: info('Request Upload Time', 'ms', MMLOAD),
  stream_setup_latency: info('Stream Setup Latency', 'ms', MMLOAD),
  // mmload's own, open-loop shapes only: the same from the intended send time, and how late sends went.
  time_to_first_token_from_schedule: info('Time to First Token from Schedule', 'ms', MMLOAD),
  request_latency_from_schedule: info('Request Latency from Schedule', 'ms', MMLOAD),
  schedule_lag: info('Schedule Lag', 'ms', MMLOAD),
  inter_chunk_latency: info('Inter Chunk Latency', 'ms', HIDDEN),
  error_isl: info('Error Input Sequence Length', 'tokens', HIDDEN_LARGER),
};

/** Single-value metrics in aiperf's display order, then mmload's own. */
export const VALUE_METRICS: Readonly<Record<ValueTag, MetricInfo>> = {
  output_token_throughput: info('Output Token Throughput', 'tokens/sec', LARGER),
  total_token_throughput: info('Total Token Throughput', 'tokens/sec', HIDDEN_LARGER),
  request_throughput: info('Request Throughput', 'requests/sec', LARGER),
  achieved_request_rate: info('Achieved Request Rate', 'requests/sec', { larger: true, aiperf: false }),
  goodput: info('Goodput', 'requests/sec', LARGER),
  request_count: info('Request Count', 'requests', LARGER),
  good_request_count: info('Good Request Count', 'requests', HIDDEN_LARGER),
  error_request_count: info('Error Request Count', 'requests'),
  usage_discrepancy_count: info('Usage Discrepancy Count', 'requests', HIDDEN),
  osl_mismatch_count: info('OSL Mismatch Count', 'requests', HIDDEN),
  benchmark_duration: info('Benchmark Duration', 'sec'),
  min_request_timestamp: info('Minimum Request Timestamp', 'ns', HIDDEN),
  max_response_timestamp: info('Maximum Response Timestamp', 'ns', HIDDEN),
  total_osl: info('Total Output Sequence Length', 'tokens', HIDDEN_LARGER),
  total_isl: info('Total Input Sequence Length', 'tokens', HIDDEN_LARGER),
  total_output_tokens: info('Total Output Tokens', 'tokens', HIDDEN_LARGER),
  total_reasoning_tokens: info('Total Reasoning Tokens', 'tokens', HIDDEN_LARGER),
  total_error_isl: info('Total Error Input Sequence Length', 'tokens', HIDDEN_LARGER),
};

/** "Time to First Token (ms)"; like aiperf, request counts carry no unit ("Request Count"). */
export function displayName(metric: MetricInfo): string {
  return metric.unit === 'requests' ? metric.header : `${metric.header} (${metric.unit})`;
}
