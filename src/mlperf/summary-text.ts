// mlperf_log_summary.txt in LoadGen's layout (its line labels, latencies in ns), written from a verdict.
import { percentileName } from './reasons.js';
import { LATENCY_PERCENTILES } from './verdict-types.js';
import type { MlperfVerdict, ServerVerdict } from './verdict-types.js';

export interface MlperfSummarySettings {
  /** LoadGen's "SUT name" line, e.g. the model and the server it ran on. */
  readonly sutName: string;
  /** Lines appended to "Test Parameters Used" after the judged settings, in order (seed, model, url, ...). */
  readonly parameters?: Readonly<Record<string, string | number>>;
}

const RULE = '================================================';
const heading = (title: string): string[] => [RULE, title, RULE];
const yesNo = (met: boolean): string => (met ? 'Yes' : 'NO');
const ns = (ms: number): number => Math.round(ms * 1e6);

/** Server's early-stopping paragraph, in our words. */
function earlyStoppingLines(verdict: ServerVerdict): string[] {
  const { overLatencyCount, queriesNeeded, passed } = verdict.earlyStopping;
  const lines = [
    'Early Stopping Result:',
    ` * ${overLatencyCount} of ${verdict.queryCount} queries over ${verdict.targetLatencyMs} ms or failed.`,
    ` * ${queriesNeeded} queries prove the ${percentileName(verdict.percentile)} percentile with that many over.`,
  ];
  if (!passed) lines.push(` * ${queriesNeeded - verdict.queryCount} more queries needed, each under the target.`);
  return lines;
}

function latencyLines(verdict: MlperfVerdict): string[] {
  const { latency } = verdict;
  return [
    `Min latency (ns)                : ${ns(latency.minMs)}`,
    `Max latency (ns)                : ${ns(latency.maxMs)}`,
    `Mean latency (ns)               : ${ns(latency.meanMs)}`,
    ...LATENCY_PERCENTILES.map(([label, p]) => `${(p * 100).toFixed(2)} percentile latency (ns)   : ${ns(latency.percentilesMs[label])}`),
  ];
}

function parameterLines(verdict: MlperfVerdict, settings: MlperfSummarySettings): string[] {
  const server = verdict.scenario === 'Server'
    ? [`target_qps : ${verdict.targetQps}`, `target_latency (ns): ${ns(verdict.targetLatencyMs)}`, `target_latency_percentile : ${verdict.percentile}`]
    : [];
  return [
    'samples_per_query : 1',
    ...server,
    `min_duration (ms): ${verdict.minDurationMs}`,
    `min_query_count : ${verdict.minQueryCount}`,
    ...Object.entries(settings.parameters ?? {}).map(([key, value]) => `${key} : ${value}`),
  ];
}

/**
 * mlperf_log_summary.txt in the spirit of LoadGen's: scenario, mode, result (samples/s or QPS), min/max/mean and the
 * percentiles of latency, "Result is : VALID" or "INVALID" and each reason; then the settings used. Pure: returns text.
 */
export function mlperfSummaryText(verdict: MlperfVerdict, settings: MlperfSummarySettings): string {
  const { checks } = verdict;
  const lines = [...heading('MLPerf Results Summary'), `SUT name : ${settings.sutName}`, `Scenario : ${verdict.scenario}`, 'Mode     : PerformanceOnly'];
  lines.push(verdict.scenario === 'Server'
    ? `Completed samples per second    : ${verdict.result.toFixed(2)}`
    : `Samples per second: ${Number(verdict.result.toPrecision(6))}`);
  lines.push(`Result is : ${verdict.valid ? 'VALID' : 'INVALID'}`);
  if (checks.performance !== null) lines.push(`  Performance constraints satisfied : ${yesNo(checks.performance)}`);
  lines.push(`  Min duration satisfied : ${yesNo(checks.minDuration)}`, `  Min queries satisfied : ${yesNo(checks.minQueries)}`);
  if (checks.earlyStopping !== null) lines.push(`  Early stopping satisfied: ${yesNo(checks.earlyStopping)}`);
  if (checks.allAnswered !== null) lines.push(`  All samples answered : ${yesNo(checks.allAnswered)}`);
  if (!verdict.valid) lines.push('Reasons:', ...verdict.reasons.map((reason) => ` * ${reason}`));
  if (verdict.scenario === 'Server') lines.push(...earlyStoppingLines(verdict));
  lines.push('', ...heading('Additional Stats'));
  if (verdict.scenario === 'Server') lines.push(`Scheduled samples per second : ${verdict.scheduledQps.toFixed(2)}`);
  lines.push(`Failed queries : ${verdict.failedCount}`, ...latencyLines(verdict));
  lines.push('', ...heading('Test Parameters Used'), ...parameterLines(verdict, settings));
  return `${lines.join('\n')}\n`;
}
