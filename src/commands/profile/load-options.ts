// Flags that choose the load shape of `mmload profile`: aiperf's rates, durations and trace replay, and MLPerf's scenarios.
import type { Argv } from 'yargs';
import { MLPERF_MIN_DURATION_MS, MLPERF_MIN_QUERY_COUNT, MLPERF_TARGET_LATENCY_MS } from '../../mlperf/defaults.js';

export function loadOptions<T>(yargs: Argv<T>) {
  const group = 'Load:';
  return yargs
    .option('concurrency', { type: 'number', group, describe: 'Requests kept in flight (default 1); with a rate, the cap on requests in flight' })
    .option('request-count', { alias: 'num-requests', type: 'number', group, describe: 'Profiled requests; default: the preset\'s, every line of --input-file once, or 100' })
    .option('warmup-request-count', { alias: 'num-warmup-requests', type: 'number', group, describe: 'Requests sent first with their own images and text, left out of every metric' })
    .option('request-rate', { type: 'number', group, describe: 'Open loop: requests per second, sent on an absolute schedule' })
    .option('request-rate-mode', { alias: 'arrival-pattern', type: 'string', choices: ['constant', 'poisson', 'gamma'], group, describe: 'Arrival gaps of --request-rate (default poisson)' })
    .option('arrival-smoothness', { alias: 'vllm-burstiness', type: 'number', group, describe: 'Gamma shape of the gaps (1 = Poisson; larger is more regular)' })
    .option('request-rate-ramp-duration', { type: 'number', group, describe: 'Seconds to ramp the rate up linearly from 0' })
    .option('benchmark-duration', { type: 'number', group, describe: 'Seconds to keep issuing requests (then wait out the grace period)' })
    .option('benchmark-grace-period', { type: 'string', default: '30', group, describe: 'Seconds in-flight requests may finish after --benchmark-duration (inf: all of them); the rest are cancelled (and counted)' })
    .option('server-lost-timeout', { type: 'number', group, describe: 'Seconds of connection failures with no response from any server before the run stops (exit 3, results written); default 30, 0: never' })
    .option('failed-request-threshold', { type: 'number', group, describe: 'Stop the run (exit 3, results written) when more than this fraction of profiled requests failed, judged from max(concurrency, 10) requests on (aiperf)' })
    .option('warmup-duration', { type: 'number', group, describe: 'Seconds of warm-up requests instead of a count' })
    .option('warmup-concurrency', { type: 'number', group, describe: 'Warm-up requests in flight; default --concurrency' })
    .option('fixed-schedule', { type: 'boolean', group, describe: 'Replay the input file\'s `timestamp` (ms) of each line; mmload profile turns it on for a timestamped mooncake_trace unless --no-fixed-schedule' })
    .option('fixed-schedule-auto-offset', { type: 'boolean', default: false, group, describe: 'Shift the schedule so the first timestamp is 0' })
    .option('fixed-schedule-start-offset', { type: 'number', group, describe: 'Replay only lines from this timestamp (ms, inclusive); it becomes time 0' })
    .option('fixed-schedule-end-offset', { type: 'number', group, describe: 'Replay only lines up to this timestamp (ms, inclusive)' })
    .option('scenario', { type: 'string', choices: ['mlperf-offline', 'mlperf-server'], group: 'MLPerf:', describe: 'Emulate an MLPerf LoadGen scenario and judge the run VALID or INVALID' })
    .option('server-target-qps', { type: 'number', group: 'MLPerf:', describe: 'mlperf-server: Poisson arrivals at this many queries per second' })
    .option('target-latency-ms', { type: 'number', default: MLPERF_TARGET_LATENCY_MS, group: 'MLPerf:', describe: 'mlperf-server: latency target, from the scheduled arrival' })
    .option('target-latency-percentile', { type: 'number', default: 99, group: 'MLPerf:', describe: 'mlperf-server: percentile held to the target' })
    .option('min-duration', { type: 'number', default: MLPERF_MIN_DURATION_MS / 1000, group: 'MLPerf:', describe: 'Seconds a valid run lasts at least' })
    .option('min-query-count', { type: 'number', default: MLPERF_MIN_QUERY_COUNT, group: 'MLPerf:', describe: 'Queries a valid run covers at least' })
    .option('mlperf-mode', { type: 'string', choices: ['performance', 'accuracy'], default: 'performance', group: 'MLPerf:', describe: 'performance: timed and judged; accuracy: every sample once, every answer in mlperf_log_accuracy.json (score it with mmload evaluate)' })
    .option('mlperf-user-conf', { type: 'string', group: 'MLPerf:', describe: 'LoadGen user.conf: target_qps, min_duration, min_query_count, target_latency(_percentile), performance_sample_count_override for qwen3-vl-235b-a22b or *; it wins over these flags' });
}

export interface LoadFlags {
  concurrency?: number | undefined; 'request-count'?: number | undefined; 'warmup-request-count'?: number | undefined;
  'request-rate'?: number | undefined; 'request-rate-mode'?: string | undefined; 'arrival-smoothness'?: number | undefined;
  'request-rate-ramp-duration'?: number | undefined; 'benchmark-duration'?: number | undefined; 'benchmark-grace-period': string | number;
  'warmup-duration'?: number | undefined; 'warmup-concurrency'?: number | undefined;
  'server-lost-timeout'?: number | undefined; 'failed-request-threshold'?: number | undefined;
  /** undefined: not given (mmload profile may turn it on for a timestamped trace); false: --no-fixed-schedule. */
  'fixed-schedule'?: boolean | undefined; 'fixed-schedule-auto-offset': boolean; 'fixed-schedule-start-offset'?: number | undefined;
  'fixed-schedule-end-offset'?: number | undefined; scenario?: string | undefined;
  'server-target-qps'?: number | undefined; 'target-latency-ms': number; 'target-latency-percentile': number;
  'min-duration': number; 'min-query-count': number; 'mlperf-mode'?: string | undefined; 'mlperf-user-conf'?: string | undefined;
}
