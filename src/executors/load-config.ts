// A run's load: its shape and the limits of its phases (duration, grace, warm-up, early stop), as the run's config holds it.
import type { LoadShape } from './load-shape.js';

export interface LoadConfig {
  readonly shape: LoadShape;
  /** --benchmark-duration in ms: stop issuing then; undefined: the request count bounds the run. */
  readonly durationMs: number | undefined;
  /** --benchmark-grace-period in ms: what in-flight requests get after the duration before they are cancelled (Infinity: no limit). */
  readonly graceMs: number;
  /** --warmup-duration in ms, instead of a warm-up count. */
  readonly warmupDurationMs: number | undefined;
  /** --warmup-concurrency: warm-up requests in flight (default: the run's concurrency). */
  readonly warmupConcurrency: number | undefined;
  /** --server-lost-timeout in ms: connection failures and no response for this long stop the run (see run/early-stop.ts); 0: never. */
  readonly serverLostTimeoutMs: number;
  /** --failed-request-threshold: stop once more than this fraction of profiled requests failed (aiperf's); undefined: never. */
  readonly failedRequestThreshold: number | undefined;
  /**
   * aiperf promotes a timestamped trace to a fixed schedule by itself: the schedule the shape turns into once the
   * workload shows timestamps on every line (mmload profile, a mooncake_trace, neither --fixed-schedule nor
   * --no-fixed-schedule, no other shape asked for); null otherwise.
   */
  readonly autoSchedule: ScheduleShape | null;
  /** MLPerf: the distinct samples a run draws from (user.conf's performance_sample_count_override); undefined: not set. */
  readonly performanceSampleCount: number | undefined;
}

export type ScheduleShape = Extract<LoadShape, { kind: 'schedule' }>;
