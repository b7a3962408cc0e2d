// Resolves the load flags into one LoadShape and the phase limits, reporting conflicts as problems.
import type { LoadShape } from '../executors/load-shape.js';
import type { LoadFlags } from './load-options.js';

export interface LoadConfig {
  readonly shape: LoadShape;
  /** --benchmark-duration in ms: stop issuing then; undefined: the request count bounds the run. */
  readonly durationMs: number | undefined;
  /** --benchmark-grace-period in ms: what in-flight requests get after the duration before they are cancelled. */
  readonly graceMs: number;
  /** --warmup-duration in ms, instead of a warm-up count. */
  readonly warmupDurationMs: number | undefined;
}

/** `concurrency`: --concurrency or the preset's (closed loop), `explicitConcurrency`: only what the user typed (a cap). */
export function resolveLoad(flags: LoadFlags, concurrency: number, problems: string[]): LoadConfig {
  const positive = (name: string, value: number | undefined): number | undefined => {
    if (value !== undefined && !(value > 0)) problems.push(`--${name} must be > 0 (got ${value})`);
    return value;
  };
  const cap = flags.concurrency;
  const rate = positive('request-rate', flags['request-rate']);
  const shapes = [rate !== undefined && '--request-rate', flags['fixed-schedule'] && '--fixed-schedule', flags.scenario && `--scenario ${flags.scenario}`].filter(Boolean);
  if (shapes.length > 1) problems.push(`choose one load shape: ${shapes.join(', ')}`);
  const mode = (flags['request-rate-mode'] ?? 'poisson') as 'constant' | 'poisson' | 'gamma';
  const smoothness = positive('arrival-smoothness', flags['arrival-smoothness']) ?? 1;
  if (flags['arrival-smoothness'] !== undefined && mode !== 'gamma') problems.push('--arrival-smoothness needs --request-rate-mode gamma');
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const minDurationMs = flags['min-duration'] * 1000;
  const minQueryCount = flags['min-query-count'];
  if (!(minDurationMs >= 0)) problems.push(`--min-duration must be >= 0 (got ${flags['min-duration']})`);
  if (!Number.isInteger(minQueryCount) || minQueryCount < 0) problems.push(`--min-query-count must be an integer >= 0 (got ${minQueryCount})`);

  let shape: LoadShape = { kind: 'concurrency', concurrency };
  if (rate !== undefined) {
    shape = { kind: 'rate', rate, mode, smoothness, rampMs: ms(positive('request-rate-ramp-duration', flags['request-rate-ramp-duration'])) ?? 0, cap };
  } else if (flags['fixed-schedule']) {
    shape = { kind: 'schedule', autoOffset: flags['fixed-schedule-auto-offset'], cap };
  } else if (flags.scenario === 'mlperf-offline') {
    shape = { kind: 'mlperf-offline', connections: cap ?? 1024, minDurationMs, minQueryCount };
  } else if (flags.scenario === 'mlperf-server') {
    const targetQps = positive('server-target-qps', flags['server-target-qps']);
    if (targetQps === undefined) problems.push('--scenario mlperf-server needs --server-target-qps');
    const percentile = flags['target-latency-percentile'];
    if (!(percentile > 0 && percentile < 100)) problems.push(`--target-latency-percentile must be in (0, 100) (got ${percentile})`);
    shape = {
      kind: 'mlperf-server', targetQps: targetQps ?? 1, targetLatencyMs: positive('target-latency-ms', flags['target-latency-ms']) ?? 0,
      percentile: percentile / 100, minDurationMs, minQueryCount, cap,
    };
  } else if (flags['request-rate-mode'] !== undefined || flags['request-rate-ramp-duration'] !== undefined) {
    problems.push('--request-rate-mode and --request-rate-ramp-duration need --request-rate');
  }
  if (flags['fixed-schedule-auto-offset'] && !flags['fixed-schedule']) problems.push('--fixed-schedule-auto-offset needs --fixed-schedule');
  const grace = flags['benchmark-grace-period'];
  if (!(grace >= 0)) problems.push(`--benchmark-grace-period must be >= 0 (got ${grace})`);
  return {
    shape,
    durationMs: ms(positive('benchmark-duration', flags['benchmark-duration'])),
    graceMs: grace * 1000,
    warmupDurationMs: ms(positive('warmup-duration', flags['warmup-duration'])),
  };
}
