// `mmload evaluate`: scores an MLPerf Q3VL accuracy log (mlperf_log_accuracy.json) against the product catalogue.
import type { Argv, CommandModule } from 'yargs';

function evaluateOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('filename', { type: 'string', demandOption: true, describe: 'The accuracy log (mlperf_log_accuracy.json) of an accuracy run' })
    .option('dataset', { type: 'string', demandOption: true, describe: 'The product catalogue: its .jsonl form (mmload generate --preset mlperf-q3vl) or its parquet files' })
    .option('output-dir', { type: 'string', describe: "Where to write accuracy.txt and accuracy.json (default: the log's directory); a run's directory also gets the figures in its summary.json and report.html" });
}

type EvaluateFlags = ReturnType<typeof evaluateOptions<object>> extends Argv<infer U> ? U : never;

export const evaluateCommand: CommandModule<object, EvaluateFlags> = {
  command: 'evaluate',
  describe: 'Score an MLPerf Q3VL accuracy log: Category Hierarchical F1 against the 0.782397 gate, brand and second-hand scores',
  builder: evaluateOptions,
  handler: async ({ filename, dataset, outputDir }) => {
    const { evaluateRun } = await import('../../run/evaluate-run.js');
    process.exitCode = await evaluateRun({ filename, dataset, outputDir });
  },
};
