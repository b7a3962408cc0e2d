// `mmload compare A B`: reads two runs' summaries (mmload's or aiperf's) and prints A against baseline B.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { COMPARE_FORMATS, renderCompare, type CompareFormat, type CompareSide } from '../../report/compare.js';
import { isSummary } from '../../report/compare-rows.js';
import { UsageError } from '../../util/exit-codes.js';

/** Looked for in this order inside a results directory: mmload's name, then aiperf's. */
const SUMMARY_NAMES = ['summary.json', 'profile_export_aiperf.json'] as const;

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

/**
 * Reads one side: `path` is a results directory (its summary.json, else its profile_export_aiperf.json) or one of
 * those files. The label defaults to the directory's name. Anything unreadable or not a summary is a UsageError.
 */
export async function loadCompareSide(path: string, label?: string): Promise<CompareSide> {
  const target = resolve(path);
  const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`);
  });
  const file = info.isDirectory() ? await summaryIn(target, path) : target;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    // JSON.parse quotes the offending text, newlines included: keep the message on one line.
    throw new UsageError(`cannot read ${file}: ${(err as Error).message.replace(/\s+/g, ' ')}`);
  }
  if (!isSummary(json)) {
    throw new UsageError(`${file} is not an mmload or aiperf summary (none of output_token_throughput, time_to_first_token, request_latency, …)`);
  }
  return { label: label ?? basename(info.isDirectory() ? target : dirname(target)), summary: json };
}

async function summaryIn(dir: string, shown: string): Promise<string> {
  for (const name of SUMMARY_NAMES) {
    const file = join(dir, name);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
  }
  throw new UsageError(`${shown} holds neither ${SUMMARY_NAMES.join(' nor ')}`);
}
