// Judges an MLPerf-scenario run from its samples and writes LoadGen's summary beside the other results.
import { join } from 'node:path';
import type { LoadShape } from '../executors/load-shape.js';
import { writeFileAtomically } from '../fs/write-atomically.js';
import { mlperfSummaryText } from './summary-text.js';
import { judgeOffline, judgeServer } from './verdict.js';
import type { MlperfSample, MlperfVerdict } from './verdict-types.js';

/**
 * The verdict of an mlperf-offline or mlperf-server performance run from its samples (records/run-aggregates.ts); null
 * for other shapes and for accuracy runs (LoadGen judges no latency there). `firstIssueMs` is the earliest send: Offline issues everything at once, so its queries are "scheduled" then
 * (a sample's NaN schedule); Server's are scheduled at their Poisson times.
 */
export function mlperfVerdict(shape: LoadShape, given: readonly MlperfSample[] | null, firstIssueMs: number): MlperfVerdict | null {
  if ((shape.kind !== 'mlperf-offline' && shape.kind !== 'mlperf-server') || shape.mode === 'accuracy' || given === null) return null;
  const firstIssue = Number.isFinite(firstIssueMs) ? firstIssueMs : 0;
  const samples = given.map((s) => (Number.isNaN(s.scheduledMs) ? { ...s, scheduledMs: firstIssue } : s));
  if (shape.kind === 'mlperf-offline') {
    return judgeOffline({ samples, firstIssueMs: firstIssue, minDurationMs: shape.minDurationMs, minQueryCount: shape.minQueryCount });
  }
  const firstScheduledMs = samples.reduce((min, s) => Math.min(min, s.scheduledMs), Infinity);
  return judgeServer({
    samples, targetQps: shape.targetQps, targetLatencyMs: shape.targetLatencyMs, percentile: shape.percentile,
    minDurationMs: shape.minDurationMs, minQueryCount: shape.minQueryCount, firstScheduledMs: Number.isFinite(firstScheduledMs) ? firstScheduledMs : 0,
  });
}

/** Writes mlperf_log_summary.txt and returns its text for the console. */
export async function writeMlperfSummary(dir: string, verdict: MlperfVerdict, model: string): Promise<string> {
  const text = mlperfSummaryText(verdict, { sutName: `mmload → ${model}` });
  await writeFileAtomically(join(dir, 'mlperf_log_summary.txt'), text);
  return text;
}
