// Writes a run's result files into its artifact directory, each via a temporary file and a rename.
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../fs/write-atomically.js';
import type { RunSummary } from '../metrics/summary.js';
import { recordLines } from '../sinks/records-jsonl.js';
import { toAiperfCsv } from './aiperf-csv.js';
import { toAiperfJson } from './aiperf-json.js';
import { renderReportHtml, type ReportRecords } from './html/report-html.js';

/**
 * Where records.jsonl comes from: a run's records (which report.html draws too), or a writer of the whole file into
 * the path it is given (merged shards, whose report has no time charts).
 */
export type RecordsSource = ReportRecords | { readonly write: (tmp: string) => Promise<void> };

export interface ArtifactOptions {
  /** Also write the files under aiperf's names, for scripts that read aiperf's artifact directory. */
  readonly aiperfNames: boolean;
}

/**
 * Writes summary.json, summary.csv, records.jsonl and report.html, plus the same content under aiperf's names
 * (profile_export_aiperf.json, profile_export_aiperf.csv, profile_export.jsonl) when asked, and returns the
 * paths written. A reader never sees a half-written file: each appears whole, by rename, or not at all; and
 * summary.json comes last, so its presence means every other file is complete.
 */
export async function writeArtifacts(
  dir: string,
  summary: RunSummary,
  source: RecordsSource,
  options: ArtifactOptions,
): Promise<string[]> {
  const json = `${JSON.stringify(toAiperfJson(summary), null, 2)}\n`;
  const csv = toAiperfCsv(summary);
  const html = renderReportHtml(summary, 'records' in source ? source : null);
  const writeRecords = 'records' in source ? (tmp: string) => writeFile(tmp, batched(recordLines(source.records, source.counts))) : source.write;
  const written: string[] = [];
  const put = async (name: string, write: (tmp: string) => Promise<void>): Promise<void> => {
    const path = join(dir, name);
    await writeAtomically(path, write);
    written.push(path);
  };
  await put('records.jsonl', writeRecords);
  await put('summary.csv', (tmp) => writeFile(tmp, csv));
  await put('report.html', (tmp) => writeFile(tmp, html));
  if (options.aiperfNames) {
    await put('profile_export.jsonl', (tmp) => copyFile(join(dir, 'records.jsonl'), tmp));
    await put('profile_export_aiperf.csv', (tmp) => writeFile(tmp, csv));
    await put('profile_export_aiperf.json', (tmp) => writeFile(tmp, json));
  }
  await put('summary.json', (tmp) => writeFile(tmp, json));
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
