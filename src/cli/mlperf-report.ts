// Judges an MLPerf-scenario run from its records and writes LoadGen's summary beside the other results.
import { join } from 'node:path';
import type { RequestRecord } from '../client/request-record.js';
import type { LoadShape } from '../executors/load-shape.js';
import { writeFileAtomically } from '../fs/write-atomically.js';
import { responseEndMs } from '../metrics/request-metrics.js';
import { mlperfSummaryText } from '../mlperf/summary-text.js';
import { judgeOffline, judgeServer } from '../mlperf/verdict.js';
import type { MlperfSample, MlperfVerdict } from '../mlperf/verdict-types.js';

/** The verdict of an mlperf-offline or mlperf-server run; null for other shapes. */
export function mlperfVerdict(shape: LoadShape, records: readonly RequestRecord[]): MlperfVerdict | null {
  if (shape.kind !== 'mlperf-offline' && shape.kind !== 'mlperf-server') return null;
  const firstIssueMs = records.reduce((min, r) => Math.min(min, r.startMs), Infinity);
  // Offline issues everything at once (its queries are "scheduled" at the first issue); Server at its Poisson times.
  const samples: MlperfSample[] = records.map((r) => ({ scheduledMs: r.intendedMs ?? firstIssueMs, endMs: responseEndMs(r), ok: r.error === null }));
  if (shape.kind === 'mlperf-offline') {
    return judgeOffline({ samples, firstIssueMs: Number.isFinite(firstIssueMs) ? firstIssueMs : 0, minDurationMs: shape.minDurationMs, minQueryCount: shape.minQueryCount });
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
