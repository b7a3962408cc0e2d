// A profile run's collect stage: the last token counts and records, the run's totals, the MLPerf verdict, and the summary.
import { loadSummary } from '../executors/load-summary.js';
import type { ReportTimeData } from '../metrics/time-data.js';
import { summarizeTotals, type RunSummary } from '../metrics/summary.js';
import { mlperfVerdict } from '../mlperf/mlperf-report.js';
import type { MlperfVerdict } from '../mlperf/verdict-types.js';
import { redactJson, redactor } from '../secrets/redactor.js';
import { withShard } from '../shard/shard.js';
import type { RunTextCounter } from '../tokenizer/run-text-counter.js';
import type { Execution } from './execute-run.js';
import type { RunResults } from './open-results.js';
import type { ProfileConfig } from './run-config.js';
import { conversationsOf } from './conversations-of.js';

export interface CollectedRun {
  readonly summary: RunSummary;
  /** The report's time charts and timeline. */
  readonly timeData: ReportTimeData;
  /** With an MLPerf scenario: LoadGen's judgement of the run; null otherwise. */
  readonly verdict: MlperfVerdict | null;
}

export async function collectRun(
  config: ProfileConfig, counter: RunTextCounter | null, results: RunResults, execution: Execution, interrupted: boolean,
): Promise<CollectedRun> {
  const shape = config.load.shape;
  // Counts still waiting are taken now; the last lines of records.jsonl are written.
  counter?.runEnded();
  const aggregates = await results.recorder.finish();
  await results.accuracyLog?.close();
  const totals = aggregates.totals;
  const verdict = mlperfVerdict(shape, aggregates.mlperfSamples, totals.start);
  const { earlyStop, serverMetrics, gpuTelemetry } = execution;
  // What is saved about the run (configuration, command line, URLs) with the run's secrets masked in every string.
  const summary = summarizeTotals(totals, redactJson({
    ...results.meta,
    interrupted,
    load: withShard(loadSummary(shape, config.load.durationMs, execution.schedule), config.shard),
    clientHealth: execution.clientHealth,
    ...(earlyStop ? { stopped: earlyStop } : {}),
    ...(serverMetrics ? { serverMetrics: serverMetrics.summary } : {}),
    ...(gpuTelemetry && gpuTelemetry.gpus.length > 0 ? { gpuTelemetry } : {}),
    ...(verdict ? { mlperf: verdict } : {}),
    ...conversationsOf(aggregates),
  }, redactor(config.secrets)), performance.timeOrigin);
  return { summary, timeData: aggregates.timeData(), verdict };
}
