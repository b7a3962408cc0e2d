// `mmload merge DIR…`: combines shards' results (profile --shard i/N) into one run's summary.json, summary.csv, records.jsonl, report.html.
import type { CommandModule } from 'yargs';

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
    const { mergeRuns } = await import('../../shard/merge-run.js');
    process.exitCode = await mergeRuns(flags.dirs, { artifactDir: flags['artifact-dir'], allowPartial: flags['allow-partial'] });
  },
};
