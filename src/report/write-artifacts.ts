// Writes a run's result files into its artifact directory, each via a temporary file and a rename.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../fs/write-atomically.js';
import type { RunSummary } from '../metrics/summary.js';
import { recordLines, type RecordLineOptions } from '../sinks/records-jsonl.js';
import { toAiperfCsv } from './aiperf-csv.js';
import { aiperfFileNames } from './aiperf-file-names.js';
import { toAiperfJson } from './aiperf-json.js';
import { renderReportHtml, type ReportRecords } from './html/report-html.js';
import { toSummaryJson } from './summary-json.js';

/**
 * Where records.jsonl comes from: a run's records (which report.html draws too), or a writer of the whole file into
 * the path it is given (merged shards, whose report has no time charts).
 */
export type RecordsSource = ReportRecords | { readonly write: (tmp: string) => Promise<void> };

export interface ArtifactOptions {
  /**
   * Also write aiperf's files (--compat aiperf): profile_export_aiperf.json, profile_export_aiperf.csv and
   * profile_export.jsonl, in aiperf 0.8's exact formats. Needs `summary.meta.aiperfRun` and a run's records.
   */
  readonly aiperfNames: boolean;
  /** --profile-export-prefix NAME: those files are then NAME.json, NAME.csv, NAME.jsonl (known suffixes stripped). */
  readonly profileExportPrefix?: string | undefined;
  /** --export-level: 'summary' writes no profile_export.jsonl; 'records' (the default) does. */
  readonly exportLevel?: 'summary' | 'records';
}

/**
 * Writes summary.json, summary.csv, records.jsonl and report.html, plus aiperf's files when asked, and returns the
 * paths written. A reader never sees a half-written file: each appears whole, by rename, or not at all; and
 * summary.json comes last, so its presence means every other file is complete.
 */
export async function writeArtifacts(dir: string, summary: RunSummary, source: RecordsSource, options: ArtifactOptions): Promise<string[]> {
  const html = renderReportHtml(summary, 'records' in source ? source : null);
  const lines = (style: RecordLineOptions['style']) => (tmp: string) =>
    'records' in source ? writeFile(tmp, batched(recordLines(source.records, source.counts, { style, slos: summary.meta.goodput }))) : source.write(tmp);
  const written: string[] = [];
  const put = async (name: string, write: (tmp: string) => Promise<void>): Promise<void> => {
    const path = join(dir, name);
    await writeAtomically(path, write);
    written.push(path);
  };
  await put('records.jsonl', lines('mmload'));
  await put('summary.csv', (tmp) => writeFile(tmp, toAiperfCsv(summary, () => true)));
  await put('report.html', (tmp) => writeFile(tmp, html));
  if (options.aiperfNames) {
    const facts = summary.meta.aiperfRun;
    if (!facts || !('records' in source)) throw new Error('aiperf files need the run\'s records and summary.meta.aiperfRun');
    const names = aiperfFileNames(options.profileExportPrefix);
    const exportLevel = options.exportLevel ?? 'records';
    const json = JSON.stringify(toAiperfJson(summary, facts, { prefix: options.profileExportPrefix, exportLevel }), null, 2);
    if (exportLevel === 'records') await put(names.jsonl, lines('aiperf'));
    await put(names.csv, (tmp) => writeFile(tmp, toAiperfCsv(summary, (info) => info.aiperf)));
    await put(names.json, (tmp) => writeFile(tmp, json));
  }
  await put('summary.json', (tmp) => writeFile(tmp, `${JSON.stringify(toSummaryJson(summary), null, 2)}\n`));
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
