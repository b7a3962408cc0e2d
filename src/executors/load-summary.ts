// How a profile describes its load shape: one line for the console, and what summary.json keeps of it.
import type { LoadShape } from './load-shape.js';
import { shapeLabel } from './load-shape.js';
import type { ScheduleStats } from './open-loop-executor.js';
import { snakeCaseKeys } from '../util/snake-case.js';

export function describeShape(shape: LoadShape): string {
  switch (shape.kind) {
    case 'concurrency': return `concurrency ${shape.concurrency}`;
    case 'rate': return `${shape.rate} req/s ${shape.mode}${shape.cap ? `, at most ${shape.cap} in flight` : ''}`;
    case 'schedule': return `the input file's timestamps${shape.autoOffset ? ' (auto offset)' : ''}`;
    case 'mlperf-offline': return 'MLPerf Offline (all at once)';
    case 'mlperf-server': return `MLPerf Server at ${shape.targetQps} QPS, p${shape.percentile * 100} ≤ ${shape.targetLatencyMs} ms`;
  }
}

/** What the summary records of the load shape, its keys in snake_case: what was asked, and how the schedule went. */
export function loadSummary(shape: LoadShape, durationMs: number | undefined, schedule: ScheduleStats | null): Record<string, unknown> {
  return {
    shape: shape.kind,
    label: shapeLabel(shape),
    ...snakeCaseKeys(shape),
    benchmark_duration_ms: durationMs ?? null,
    ...(schedule ? { catch_up_window_ms: schedule.windowMs, late_beyond_window: schedule.lateBeyondWindow, max_lag_ms: schedule.maxLagMs, unsent: schedule.unsent } : {}),
  };
}
