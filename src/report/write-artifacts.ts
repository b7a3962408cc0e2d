// Writes a run's result files into its artifact directory, each via a temporary file and a rename.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RequestRecord } from '../client/request-record.js';
import type { RunSummary } from '../metrics/summary.js';
import type { TokenCounts } from '../metrics/token-counts.js';
import { recordLines } from '../sinks/records-jsonl.js';
import { toAiperfCsv } from './aiperf-csv.js';
import { toAiperfJson } from './aiperf-json.js';

export interface ArtifactOptions {
  /** Also write the files under aiperf's names, for scripts that read aiperf's artifact directory. */
  readonly aiperfNames: boolean;
}

/**
 * Writes summary.json, summary.csv and records.jsonl, plus the same content under aiperf's names
 * (profile_export_aiperf.json, profile_export_aiperf.csv, profile_export.jsonl) when asked, and returns the
 * paths written. A reader never sees a half-written file: each appears whole, by rename, or not at all.
 */
export async function writeArtifacts(
  dir: string,
  summary: RunSummary,
  records: readonly RequestRecord[],
  counts: readonly TokenCounts[],
  options: ArtifactOptions,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(toAiperfJson(summary), null, 2)}\n`;
  const csv = toAiperfCsv(summary);
  const written: string[] = [];
  const put = async (name: string, write: (tmp: string) => Promise<void>): Promise<void> => {
    const path = join(dir, name);
    await atomically(path, write);
    written.push(path);
  };
  await put('summary.json', (tmp) => writeFile(tmp, json));
  await put('summary.csv', (tmp) => writeFile(tmp, csv));
  await put('records.jsonl', (tmp) => writeFile(tmp, batched(recordLines(records, counts))));
  if (options.aiperfNames) {
    await put('profile_export_aiperf.json', (tmp) => writeFile(tmp, json));
    await put('profile_export_aiperf.csv', (tmp) => writeFile(tmp, csv));
    await put('profile_export.jsonl', (tmp) => copyFile(join(dir, 'records.jsonl'), tmp));
  }
  return written;
}

/** Joins lines into chunks of about 64 KiB, so a large run is written in few system calls. */
function* batched(lines: Iterable<string>, size = 1 << 16): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Runs `write` against a temporary file beside `path`, then renames it into place; removes it on failure. */
async function atomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
