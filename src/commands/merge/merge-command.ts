// `mmload merge DIR…`: combines shards' results (profile --shard i/N) into one run's summary.json, summary.csv, records.jsonl, report.html.
import type { CommandModule } from 'yargs';
import { summarizeTotals } from '../../metrics/summary.js';
import { renderConsoleTable } from '../../report/console-table.js';
import { writeArtifacts } from '../../report/write-artifacts.js';
import { claimArtifactDir, mmloadArtifactDir } from '../../report/artifact-dir.js';
import { ExitCode } from '../../util/exit-codes.js';
import { readShard } from '../../shard/merge-read.js';
import { mergeRecordFiles } from '../../shard/merge-records.js';
import { mergeShards } from '../../shard/merge-shards.js';
import { stdio, type Console } from '../../run/profile-run.js';

export interface MergeOptions {
  /** Where to write; default results/<date>-<model>-<load>-merged. */
  readonly artifactDir: string | undefined;
  /** Merge even when shards are missing (warns); otherwise a missing shard is refused. */
  readonly allowPartial: boolean;
}

interface MergeFlags {
  dirs: string[];
  'artifact-dir'?: string | undefined;
  'allow-partial': boolean;
}

export const mergeCommand: CommandModule = {
  command: 'merge <dirs..>',
  describe: 'Merge shards\' results (profile --shard i/N) into one summary, exact for counts and histograms',
  builder: (yargs) =>
    yargs
      .positional('dirs', { type: 'string', array: true, describe: 'Each shard\'s results directory (its --artifact-dir)' })
      .option('artifact-dir', { type: 'string', describe: 'Where to write the merged results (default results/<date>-<model>-<load>-merged)' })
      .option('allow-partial', { type: 'boolean', default: false, describe: 'Merge even when shards are missing; the figures then cover only the shards given' }),
  handler: async (rawFlags) => {
    const flags = rawFlags as unknown as MergeFlags;
    process.exitCode = await runMerge(flags.dirs, { artifactDir: flags['artifact-dir'], allowPartial: flags['allow-partial'] });
  },
};

/**
 * Reads DIR/summary.json of every shard, merges their totals into one summary (as summarize() would have made from all
 * the records at once, up to float rounding of sums), writes the files in a profile's format and prints its table.
 * Bad input (a missing shard, shards of different runs) is a UsageError before anything is written.
 */
async function runMerge(dirs: readonly string[], options: MergeOptions, io: Console = stdio): Promise<number> {
  const run = mergeShards(await Promise.all(dirs.map(readShard)), options.allowPartial, io.err);
  for (const s of run.shards) if (s.interrupted) io.err(`warning: ${s.dir} (shard ${s.shard.index}) was interrupted: the merged results are partial`);
  // Times are epoch ms already: no time origin to add.
  const summary = summarizeTotals(run.totals, run.meta, 0);
  const label = String(run.meta.load?.label ?? 'run');
  const dir = await claimArtifactDir(options.artifactDir, mmloadArtifactDir(`${run.meta.model ?? 'model'}-${label}-merged`));
  let lines = 0;
  const write = async (tmp: string): Promise<void> => {
    lines = await mergeRecordFiles(run.shards.map((s) => s.recordsPath), tmp);
  };
  await writeArtifacts(dir, summary, null, { aiperfNames: false, exportLevel: 'records', records: write });
  if (lines !== summary.counts.issued) io.err(`warning: the shards' records.jsonl hold ${lines} records but their summaries count ${summary.counts.issued} requests`);
  io.out(renderConsoleTable(summary));
  io.err(`merged ${run.shards.length} shard${run.shards.length === 1 ? '' : 's'} of ${run.shards[0]!.shard.count}: ${dir}`);
  return ExitCode.ok;
}
