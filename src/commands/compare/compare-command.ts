// `mmload compare A B`: reads two runs' summaries (mmload's or aiperf's) and prints A against baseline B.
import type { CommandModule } from 'yargs';
import { COMPARE_FORMATS, renderCompare, type CompareFormat } from '../../report/compare.js';
import { loadCompareSide } from '../../report/compare-read.js';

interface CompareFlags {
  a: string;
  b: string;
  format: CompareFormat;
  'label-a'?: string | undefined;
  'label-b'?: string | undefined;
}

export const compareCommand: CommandModule = {
  command: 'compare <a> <b>',
  describe: 'Compare two runs (mmload or aiperf results): headline metrics of A and baseline B, the change in %, the better side',
  builder: (yargs) =>
    yargs
      .positional('a', { type: 'string', describe: 'The comparison: a results directory, or its summary.json / profile_export_aiperf.json' })
      .positional('b', { type: 'string', describe: 'The baseline, the same way; Delta = (A - B) / B' })
      .option('format', { choices: COMPARE_FORMATS, default: 'table', describe: 'table (terminal), md (GitHub markdown) or csv' })
      .option('label-a', { type: 'string', describe: "A's column name (default: its directory's name)" })
      .option('label-b', { type: 'string', describe: "B's column name (default: its directory's name)" }),
  handler: async (rawFlags) => {
    const flags = rawFlags as unknown as CompareFlags;
    const [a, b] = await Promise.all([loadCompareSide(flags.a, flags['label-a']), loadCompareSide(flags.b, flags['label-b'])]);
    process.stdout.write(`${renderCompare(a, b, flags.format)}\n`);
  },
};
