// `mmload evaluate`: scores an accuracy log against the catalogue, prints the table, writes accuracy.txt and accuracy.json.
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { makeDirectories } from '../../fs/make-directories.js';
import { writeAtomically } from '../../fs/write-atomically.js';
import { stdio, type Console } from '../../util/console.js';
import { ExitCode, UsageError } from '../../util/exit-codes.js';
import { readCatalogueTruth } from '../../workload/catalogue/read-catalogue.js';
import { readAccuracyLog } from './accuracy-log-reader.js';
import { accuracyJson, accuracyTable } from './accuracy-report.js';
import { accuracyText } from './accuracy-text.js';
import { scoreAccuracy, type AccuracyScores } from './score-accuracy.js';

export interface EvaluateOptions {
  /** The accuracy log: mlperf_log_accuracy.json. */
  readonly filename: string;
  /** The catalogue: a .jsonl file, or the parquet files. */
  readonly dataset: string;
  /** Where accuracy.txt and accuracy.json go; default the log's directory. */
  readonly outputDir?: string | undefined;
}

/** Reads, scores, prints and writes; returns the exit code (0: scored, whether it passes or not). */
export async function evaluateAccuracy(options: EvaluateOptions, console: Console = stdio): Promise<number> {
  const entries = await readAccuracyLog(options.filename);
  if (entries.length === 0) throw new UsageError(`${options.filename}: the accuracy log has no records`);
  const scores = scoreAccuracy(entries, await readCatalogueTruth(options.dataset));
  accuracyTable(scores).forEach((line) => console.out(line));
  const outputDir = options.outputDir ?? dirname(options.filename);
  await writeResults(outputDir, scores, options);
  console.err(`accuracy.txt and accuracy.json written to ${resolve(outputDir)}`);
  return ExitCode.ok;
}

async function writeResults(outputDir: string, scores: AccuracyScores, options: EvaluateOptions): Promise<void> {
  const json = accuracyJson(scores, { accuracyLog: resolve(options.filename), dataset: resolve(options.dataset) });
  try {
    await makeDirectories(outputDir);
    await writeAtomically(join(outputDir, 'accuracy.txt'), (temporary) => writeFile(temporary, accuracyText(scores.category.f1)));
    await writeAtomically(join(outputDir, 'accuracy.json'), (temporary) => writeFile(temporary, `${JSON.stringify(json, null, 2)}\n`));
  } catch (err) {
    throw new UsageError(`cannot write the results to ${outputDir}: ${(err as Error).message}`);
  }
}
