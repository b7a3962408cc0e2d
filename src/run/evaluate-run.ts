// `mmload evaluate` as a run-level step: scores the log and, when its output directory holds an mmload run, adds the figures to that run's summary.json and report.html.
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomically } from '../fs/write-atomically.js';
import type { AccuracyFigures } from '../mlperf/accuracy/accuracy-report.js';
import { evaluateAccuracy, type EvaluateOptions } from '../mlperf/accuracy/evaluate.js';
import { withAccuracySection } from '../report/html/accuracy-section.js';
import { RUN_JSON } from '../report/run-json.js';
import { MLPERF_ACCURACY_KEY } from '../report/summary-json.js';
import { stdio, type Console } from '../util/console.js';
import { ExitCode, UsageError } from '../util/exit-codes.js';

/** Scores, writes accuracy.txt and accuracy.json, then the run's files when there is a run; 0 whether the score passes or not. */
export async function evaluateRun(options: EvaluateOptions, console: Console = stdio): Promise<number> {
  const { outputDir, figures } = await evaluateAccuracy(options, console);
  if (await holdsRun(outputDir)) {
    await addAccuracyToRun(outputDir, figures);
    console.err(`the run's summary.json and report.html now carry the accuracy: ${resolve(outputDir)}`);
  }
  return ExitCode.ok;
}

/** A finished run: run.json (what it was) and summary.json (its results). */
async function holdsRun(dir: string): Promise<boolean> {
  const present = (name: string) => access(join(dir, name)).then(() => true, () => false);
  return (await present(RUN_JSON)) && (await present('summary.json'));
}

/**
 * Sets mmload.mlperf_accuracy in summary.json, every other key as it was, and the accuracy block in report.html; each
 * file replaced whole, summary.json last (as a run writes them).
 */
async function addAccuracyToRun(dir: string, figures: AccuracyFigures): Promise<void> {
  const summaryPath = join(dir, 'summary.json');
  const reportPath = join(dir, 'report.html');
  try {
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as Record<string, unknown> & { mmload?: Record<string, unknown> };
    if (typeof summary.mmload !== 'object' || summary.mmload === null) throw new Error('summary.json has no mmload section');
    await writeFileAtomically(reportPath, withAccuracySection(await readFile(reportPath, 'utf8'), figures));
    summary.mmload = withAccuracyKey(summary.mmload, figures);
    await writeFileAtomically(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  } catch (err) {
    throw new UsageError(`cannot add the accuracy to the run in ${dir}: ${(err as Error).message}`);
  }
}

/** The section with mlperf_accuracy set where summary-json.ts writes it: before benchmark_duration_definition (else last). */
function withAccuracyKey(mmload: Record<string, unknown>, figures: AccuracyFigures): Record<string, unknown> {
  const entries = Object.entries(mmload).filter(([key]) => key !== MLPERF_ACCURACY_KEY);
  const at = entries.findIndex(([key]) => key === 'benchmark_duration_definition');
  entries.splice(at < 0 ? entries.length : at, 0, [MLPERF_ACCURACY_KEY, figures]);
  return Object.fromEntries(entries);
}
