// A profile run's write stage: its files (summary, CSV, report, aiperf's, LoadGen's summary), then its table and verdict on the console.
import { join } from 'node:path';
import { ACCURACY_LOG_FILE } from '../mlperf/accuracy/accuracy-log-writer.js';
import { writeMlperfSummary } from '../mlperf/mlperf-report.js';
import { renderConsoleTable } from '../report/console-table.js';
import { renderGpuConsole } from '../report/gpu-console.js';
import { writeArtifacts } from '../report/write-artifacts.js';
import { serverMetricsFiles } from '../report/server-metrics-files.js';
import { serverConsoleLines } from '../server-metrics/console-lines.js';
import type { Console } from '../util/console.js';
import { ExitCode } from '../util/exit-codes.js';
import type { CollectedRun } from './collect-run.js';
import type { Execution } from './execute-run.js';
import type { RunResults } from './open-results.js';
import type { ProfileConfig } from './run-config.js';
import { plannedAsSent, type TimeSlicesJson } from '../report/time-slice-entry.js';
import { comparablePlannedRate } from '../server-metrics/describe.js';

/** What writing the run learnt for the console. */
export interface WrittenRun {
  /** LoadGen's summary text with an MLPerf scenario, else null. */
  readonly mlperfText: string | null;
  /** With --slice-duration, each slice's planned image hit rate by its epoch key (the server metrics' slices are keyed alike). */
  readonly plannedBySlice: ReadonlyMap<number, number> | null;
  /** With --slice-duration, the planned image hit rate over what the run actually sent. */
  readonly plannedAsSent: number | null;
}

/**
 * Writes every file of the run beside records.jsonl (the server metrics exports among them). `note` hears the line
 * that names the time-slice files, when the run has them.
 */
export async function writeRun(
  results: RunResults, collected: CollectedRun, execution: Execution, config: ProfileConfig, model: string, note?: (line: string) => void,
): Promise<WrittenRun> {
  const { serverMetrics } = execution;
  const extraFiles = serverMetrics && config.serverMetrics ? serverMetricsFiles(serverMetrics, config.serverMetrics.formats, collected.summary, results.files) : [];
  let plannedBySlice: Map<number, number> | null = null;
  let asSent: number | null = null;
  const slicesComputed = (json: TimeSlicesJson): void => {
    plannedBySlice = new Map(json.slices.flatMap((slice) => (slice.planned_hit_rate === undefined ? [] : [[slice.key, slice.planned_hit_rate] as const])));
    asSent = plannedAsSent(json);
  };
  await writeArtifacts(results.dir, collected.summary, collected.timeData, { ...results.files, records: 'in-place', extraFiles, note, slicesComputed });
  const mlperfText = collected.verdict ? await writeMlperfSummary(results.dir, collected.verdict, model) : null;
  return { mlperfText, plannedBySlice, plannedAsSent: asSent };
}

/** How a run ended, for its last line and its exit code. */
export type RunEnding = 'finished' | 'interrupted' | 'client-lost' | 'stopped';

/**
 * Prints the table (stdout), the server section, the GPU table (with `gpuConsole`: --gpu-telemetry, as aiperf) and
 * LoadGen's text, then where the results are; returns the exit code.
 */
export function printRun(
  io: Console, results: RunResults, collected: CollectedRun, execution: Execution, written: WrittenRun, ending: RunEnding, gpuConsole: boolean,
): number {
  const { mlperfText, plannedBySlice, plannedAsSent: asSent } = written;
  io.out(renderConsoleTable(collected.summary));
  const { serverMetrics } = collected.summary.meta;
  if (serverMetrics) serverConsoleLines(serverMetrics, comparablePlannedRate(results.meta.workload, collected.summary.counts.issued, asSent), plannedBySlice).forEach((line) => io.out(line));
  // From the execution, not the summary: the console names a given endpoint that never answered (the summary keeps GPUs only).
  const { gpuTelemetry } = execution;
  if (gpuConsole && gpuTelemetry) io.out(renderGpuConsole(gpuTelemetry, collected.summary.values.total_output_tokens?.value ?? null));
  if (mlperfText) io.out(`\n${mlperfText}`);
  if (results.accuracyLog) {
    io.err(`accuracy log: ${join(results.dir, ACCURACY_LOG_FILE)} (score it: mmload evaluate --filename ${join(results.dir, ACCURACY_LOG_FILE)} --dataset <the catalogue>)`);
  }
  io.err(`results: ${results.dir}${ENDINGS[ending].note}`);
  return ENDINGS[ending].code;
}

const ENDINGS: Record<RunEnding, { note: string; code: number }> = {
  finished: { note: '', code: ExitCode.ok },
  interrupted: { note: ' (interrupted)', code: ExitCode.interrupted },
  'client-lost': { note: ' (stopped early: every client worker died)', code: ExitCode.internal },
  stopped: { note: ' (stopped early)', code: ExitCode.stopped },
};
