// `mmload report DIR`: rebuilds a run's summary.json, summary.csv, report.html (and aiperf's files) from its run.json and records.jsonl.
import type { CommandModule } from 'yargs';

export const reportCommand: CommandModule = {
  command: 'report <dir>',
  describe: 'Rebuild a run\'s summary and reports from its records.jsonl (a run that was killed, or results to re-render)',
  builder: (yargs) => yargs.positional('dir', { type: 'string', describe: 'The run\'s results directory' }),
  handler: async (flags) => {
    const { rebuildRun } = await import('../../run/rebuild-run.js');
    process.exitCode = await rebuildRun(String(flags.dir));
  },
};
