// Scores an accuracy log against the catalogue, prints the table, writes accuracy.txt and accuracy.json (run/evaluate-run.ts adds the run's files).
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { makeDirectories } from '../../fs/make-directories.js';
import { writeAtomically } from '../../fs/write-atomically.js';
import { stdio, type Console } from '../../util/console.js';
import { UsageError } from '../../util/exit-codes.js';
import { readCatalogueTruth } from '../../workload/catalogue/read-catalogue.js';
import { readAccuracyLog } from './accuracy-log-reader.js';
import { accuracyFigures, accuracyJson, accuracyTable, type AccuracyFigures } from './accuracy-report.js';
import { accuracyText } from './accuracy-text.js';
import { scoreAccuracy } from './score-accuracy.js';

export interface EvaluateOptions {
  /** The accuracy log: mlperf_log_accuracy.json. */
  readonly filename: string;
  /** The catalogue: a .jsonl file, or the parquet files. */
  readonly dataset: string;
  /** Where accuracy.txt and accuracy.json go; default the log's directory. */
  readonly outputDir?: string | undefined;
}

/** What was scored and where its files went. */
export interface EvaluatedAccuracy {
  readonly outputDir: string;
  readonly figures: AccuracyFigures;
}

/** Reads, scores, prints and writes (a score is a result whether it passes or not). */
export async function evaluateAccuracy(options: EvaluateOptions, console: Console = stdio): Promise<EvaluatedAccuracy> {
  const entries = await readAccuracyLog(options.filename);
  if (entries.length === 0) throw new UsageError(`${options.filename}: the accuracy log has no records`);
  const figures = accuracyFigures(scoreAccuracy(entries, await readCatalogueTruth(options.dataset)));
  accuracyTable(figures).forEach((line) => console.out(line));
  const outputDir = options.outputDir ?? dirname(options.filename);
  await writeResults(outputDir, figures, options);
  console.err(`accuracy.txt and accuracy.json written to ${resolve(outputDir)}`);
  return { outputDir, figures };
}

async function writeResults(outputDir: string, figures: AccuracyFigures, options: EvaluateOptions): Promise<void> {
  const json = accuracyJson(figures, { accuracyLog: resolve(options.filename), dataset: resolve(options.dataset) });
  try {
    await makeDirectories(outputDir);
    await writeAtomically(join(outputDir, 'accuracy.txt'), (temporary) => writeFile(temporary, accuracyText(figures.hierarchical_f1)));
    await writeAtomically(join(outputDir, 'accuracy.json'), (temporary) => writeFile(temporary, `${JSON.stringify(json, null, 2)}\n`));
  } catch (err) {
    throw new UsageError(`cannot write the results to ${outputDir}: ${(err as Error).message}`);
  }
}
