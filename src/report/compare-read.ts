// Reads one side of `mmload compare`: a results directory or a summary file, mmload's or aiperf's.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../util/exit-codes.js';
import type { CompareSide } from './compare.js';
import { isSummary } from './compare-rows.js';

/** Looked for in this order inside a results directory: mmload's name, then aiperf's. */
const SUMMARY_NAMES = ['summary.json', 'profile_export_aiperf.json'] as const;

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
