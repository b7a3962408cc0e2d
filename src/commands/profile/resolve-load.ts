// Resolves the load flags into one LoadShape and the phase limits, reporting conflicts as problems.
import type { LoadConfig, ScheduleShape } from '../../executors/load-config.js';
import type { LoadShape, MlperfMode, TraceWindow } from '../../executors/load-shape.js';
import { MLPERF_MAX_IN_FLIGHT } from '../../mlperf/defaults.js';
import { readUserConf, type UserConf } from '../../mlperf/user-conf.js';
import type { LoadFlags } from './load-options.js';
import { integerFlags } from '../../cli/flag-checks.js';

/** What resolveLoad needs besides the flags. */
export interface LoadContext {
  /** The input file is a mooncake_trace and `mmload profile` follows aiperf (which replays its timestamps by itself). */
  readonly traceAutoSchedule: boolean;
}

/** `concurrency`: --concurrency or the preset's (closed loop), `explicitConcurrency`: only what the user typed (a cap). */
export function resolveLoad(flags: LoadFlags, concurrency: number, problems: string[], context: LoadContext = { traceAutoSchedule: false }): LoadConfig {
  const positive = (name: string, value: number | undefined): number | undefined => {
    if (value !== undefined && !(value > 0)) problems.push(`--${name} must be > 0 (got ${value})`);
    return value;
  };
  const cap = flags.concurrency;
  const rate = positive('request-rate', flags['request-rate']);
  const fixedSchedule = flags['fixed-schedule'] === true;
  const shapes = [rate !== undefined && '--request-rate', fixedSchedule && '--fixed-schedule', flags.scenario && `--scenario ${flags.scenario}`].filter(Boolean);
  if (shapes.length > 1) problems.push(`choose one load shape: ${shapes.join(', ')}`);
  const mode = (flags['request-rate-mode'] ?? 'poisson') as 'constant' | 'poisson' | 'gamma';
  const smoothness = positive('arrival-smoothness', flags['arrival-smoothness']) ?? 1;
  if (flags['arrival-smoothness'] !== undefined && mode !== 'gamma') problems.push('--arrival-smoothness needs --request-rate-mode gamma');
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const conf = userConf(flags, problems);
  const minDurationMs = conf.minDurationMs ?? flags['min-duration'] * 1000;
  const minQueryCount = conf.minQueryCount ?? flags['min-query-count'];
  const mlperfMode = (flags['mlperf-mode'] ?? 'performance') as MlperfMode;
  if (mlperfMode === 'accuracy' && !flags.scenario) problems.push('--mlperf-mode accuracy needs --scenario mlperf-offline or mlperf-server');
  if (mlperfMode === 'accuracy' && flags['benchmark-duration'] !== undefined) problems.push('--mlperf-mode accuracy sends every sample once: drop --benchmark-duration');
  if (!(minDurationMs >= 0)) problems.push(`--min-duration must be >= 0 (got ${flags['min-duration']})`);
  if (!Number.isInteger(minQueryCount) || minQueryCount < 0) problems.push(`--min-query-count must be an integer >= 0 (got ${minQueryCount})`);

  let shape: LoadShape = { kind: 'concurrency', concurrency };
  if (rate !== undefined) {
    shape = { kind: 'rate', rate, mode, smoothness, rampMs: ms(positive('request-rate-ramp-duration', flags['request-rate-ramp-duration'])) ?? 0, cap };
  } else if (fixedSchedule) {
    shape = scheduleShape(flags, cap, problems);
  } else if (flags.scenario === 'mlperf-offline') {
    shape = { kind: 'mlperf-offline', mode: mlperfMode, connections: cap ?? MLPERF_MAX_IN_FLIGHT, minDurationMs, minQueryCount };
  } else if (flags.scenario === 'mlperf-server') {
    const targetQps = positive('server-target-qps', conf.targetQps ?? flags['server-target-qps']);
    if (targetQps === undefined) problems.push('--scenario mlperf-server needs --server-target-qps (or target_qps in --mlperf-user-conf)');
    const percentile = conf.targetLatencyPercentile ?? flags['target-latency-percentile'];
    if (!(percentile > 0 && percentile < 100)) problems.push(`--target-latency-percentile must be in (0, 100) (got ${percentile})`);
    shape = {
      kind: 'mlperf-server', mode: mlperfMode, targetQps: targetQps ?? 1,
      targetLatencyMs: positive('target-latency-ms', conf.targetLatencyMs ?? flags['target-latency-ms']) ?? 0,
      percentile: percentile / 100, minDurationMs, minQueryCount, cap: cap ?? MLPERF_MAX_IN_FLIGHT,
    };
  } else if (flags['request-rate-mode'] !== undefined || flags['request-rate-ramp-duration'] !== undefined) {
    problems.push('--request-rate-mode and --request-rate-ramp-duration need --request-rate');
  }
  const autoSchedule = context.traceAutoSchedule && flags['fixed-schedule'] === undefined && shapes.length === 0 ? scheduleShape(flags, cap, problems) : null;
  for (const flag of ['fixed-schedule-auto-offset', 'fixed-schedule-start-offset', 'fixed-schedule-end-offset'] as const) {
    if (flags[flag] !== undefined && flags[flag] !== false && !fixedSchedule && autoSchedule === null) problems.push(`--${flag} needs --fixed-schedule`);
  }
  const warmupConcurrency = integerFlags(problems)('warmup-concurrency', flags['warmup-concurrency'], 1);
  return {
    shape,
    durationMs: ms(positive('benchmark-duration', flags['benchmark-duration'])),
    graceMs: graceMs(flags['benchmark-grace-period'], problems),
    warmupDurationMs: ms(positive('warmup-duration', flags['warmup-duration'])),
    warmupConcurrency,
    serverLostTimeoutMs: serverLostTimeoutMs(flags['server-lost-timeout'], problems),
    failedRequestThreshold: failedRequestThreshold(flags['failed-request-threshold'], problems),
    autoSchedule,
    performanceSampleCount: conf.performanceSampleCount,
  };
}

/** --mlperf-user-conf for the scenario asked for: what it sets wins over the MLPerf flags, as LoadGen's user.conf does. */
function userConf(flags: LoadFlags, problems: string[]): UserConf {
  const file = flags['mlperf-user-conf'];
  if (file === undefined) return {};
  if (flags.scenario !== 'mlperf-offline' && flags.scenario !== 'mlperf-server') {
    problems.push('--mlperf-user-conf needs --scenario mlperf-offline or mlperf-server');
    return {};
  }
  try {
    return readUserConf(file, flags.scenario === 'mlperf-server' ? 'Server' : 'Offline');
  } catch (err) {
    problems.push((err as Error).message);
    return {};
  }
}

/** --server-lost-timeout when not given: long enough for a server restart, short enough not to flood a dead one. */
const SERVER_LOST_TIMEOUT_S = 30;

function serverLostTimeoutMs(given: number | undefined, problems: string[]): number {
  const seconds = given ?? SERVER_LOST_TIMEOUT_S;
  if (!(seconds >= 0) || !Number.isFinite(seconds)) problems.push(`--server-lost-timeout must be a number of seconds >= 0 (0: never stop; got ${seconds})`);
  return seconds * 1000;
}

/** aiperf's range: a fraction from 0 (any failure stops the run) to 1 (none does). */
function failedRequestThreshold(value: number | undefined, problems: string[]): number | undefined {
  if (value !== undefined && !(value >= 0 && value <= 1)) problems.push(`--failed-request-threshold must be a fraction from 0 to 1 (got ${value})`);
  return value;
}

function scheduleShape(flags: LoadFlags, cap: number | undefined, problems: string[]): ScheduleShape {
  const window = traceWindow(flags, problems);
  return { kind: 'schedule', autoOffset: flags['fixed-schedule-auto-offset'], cap, ...(window ? { window } : {}) };
}

/** --benchmark-grace-period in ms: seconds, or inf (aiperf's: wait for every response). */
function graceMs(given: string | number, problems: string[]): number {
  const value = String(given).trim();
  const seconds = /^\+?inf(inity)?$/i.test(value) ? Infinity : Number(value);
  if (!(seconds >= 0) || value === '') problems.push(`--benchmark-grace-period must be a number of seconds >= 0 or inf (got ${given})`);
  return seconds * 1000;
}

function traceWindow(flags: Pick<LoadFlags, 'fixed-schedule-auto-offset' | 'fixed-schedule-start-offset' | 'fixed-schedule-end-offset'>, problems: string[]): TraceWindow | undefined {
  const startMs = flags['fixed-schedule-start-offset'];
  const endMs = flags['fixed-schedule-end-offset'];
  if (startMs === undefined && endMs === undefined) return undefined;
  for (const [flag, value] of [['start', startMs], ['end', endMs]] as const) {
    if (value !== undefined && !(value >= 0)) problems.push(`--fixed-schedule-${flag}-offset must be a number of ms >= 0 (got ${value})`);
  }
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) problems.push('--fixed-schedule-start-offset must not be after --fixed-schedule-end-offset');
  if (startMs !== undefined && flags['fixed-schedule-auto-offset']) problems.push('give --fixed-schedule-auto-offset or --fixed-schedule-start-offset, not both');
  return { startMs, endMs };
}
