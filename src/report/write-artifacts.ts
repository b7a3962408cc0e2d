// Writes a run's result files into its artifact directory, each via a temporary file and a rename.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeChunkedLines } from '../fs/chunked-lines.js';
import { writeAtomically } from '../fs/write-atomically.js';
import type { RunSummary } from '../metrics/summary.js';
import { forEachLine } from '../records/records-read.js';
import { aiperfLine } from '../records/records-jsonl.js';
import { dropSliceRecords, sliceRecordsPath } from '../records/time-slices.js';
import { toAiperfCsv } from './aiperf-csv.js';
import { aiperfFileNames } from './aiperf-file-names.js';
import { toAiperfJson } from './aiperf-json.js';
import type { ReportTimeData } from '../metrics/time-data.js';
import { renderReportHtml } from './html/report-html.js';
import { toSummaryJson } from './summary-json.js';
import { writeTimeSlices } from './write-time-slices.js';
import type { TimeSlicesJson } from './time-slice-entry.js';

/** Which files a run writes (kept in run.json, so a rebuild writes the same). */
export interface ArtifactFiles {
  /**
   * Also write aiperf's files (--compat aiperf): profile_export_aiperf.json, profile_export_aiperf.csv and
   * profile_export.jsonl, in aiperf 0.8's exact formats. Needs `summary.meta.aiperfRun`.
   */
  readonly aiperfNames: boolean;
  /** --profile-export-prefix NAME: those files are then NAME.json, NAME.csv, NAME.jsonl (known suffixes stripped). */
  readonly profileExportPrefix?: string | undefined;
  /** --export-level: 'summary' writes no per-request file; 'records' (the default) writes records.jsonl and profile_export.jsonl. */
  readonly exportLevel: 'summary' | 'records';
  /**
   * --slice-duration in seconds: also aiperf's timeslice files and summary.json's mmload.time_slices, computed from the
   * records after the run (with --export-level summary, from the records the run kept aside for them: see records/time-slices.ts).
   */
  readonly sliceDurationSec?: number | undefined;
}

/** A file a run writes besides the summary's (the server metrics exports): its name and how to write it at a path. */
export interface ArtifactFile {
  readonly name: string;
  readonly write: (path: string) => Promise<void>;
}

export interface ArtifactOptions extends ArtifactFiles {
  /** Written, each atomically, before summary.json. */
  readonly extraFiles?: readonly ArtifactFile[];
  /**
   * Where records.jsonl comes from: already in the directory (a run appends it as it goes), or written here into the
   * path given (merged shards). aiperf's profile_export.jsonl is made from it.
   */
  readonly records: 'in-place' | ((tmp: string) => Promise<void>);
  /** Hears one line about the files beyond the usual ones (the time slices), for the console. */
  readonly note?: ((line: string) => void) | undefined;
  /** Hears summary.json's time slices once computed (--slice-duration). */
  readonly slicesComputed?: ((slices: TimeSlicesJson) => void) | undefined;
}

/**
 * Writes summary.json, summary.csv and report.html (records.jsonl when asked), plus aiperf's files (its timeslice files
 * with a slice duration) and `extraFiles` when asked, and returns the paths written. A reader never sees a half-written
 * file: each appears whole, by rename, or not at all; and summary.json comes last, so its presence means every other file is complete. `time` holds the report's time
 * charts (null: merged shards, whose clocks differ).
 */
export async function writeArtifacts(dir: string, summary: RunSummary, time: ReportTimeData | null, options: ArtifactOptions): Promise<string[]> {
  const written: string[] = [];
  const put = async (name: string, write: (tmp: string) => Promise<void>): Promise<void> => {
    const path = join(dir, name);
    await writeAtomically(path, write);
    written.push(path);
  };
  const perRequest = options.exportLevel === 'records';
  const recordsPath = join(dir, 'records.jsonl');
  if (perRequest && options.records !== 'in-place') await put('records.jsonl', options.records);
  const { sliceDurationSec: sliceDuration, profileExportPrefix: prefix, exportLevel } = options;
  const slices = sliceDuration === undefined ? null : await writeTimeSlices(summary, perRequest ? recordsPath : sliceRecordsPath(dir),
    { sliceDuration, prefix, exportLevel, aiperfOnly: options.aiperfNames }, put);
  if (slices !== null && !perRequest) await dropSliceRecords(dir);
  await put('summary.csv', (tmp) => writeFile(tmp, toAiperfCsv(summary, () => true)));
  await put('report.html', (tmp) => writeFile(tmp, renderReportHtml(summary, time, slices?.json ?? null)));
  if (options.aiperfNames) {
    const facts = summary.meta.aiperfRun;
    if (!facts) throw new Error('aiperf files need summary.meta.aiperfRun');
    const names = aiperfFileNames(options.profileExportPrefix);
    const json = JSON.stringify(toAiperfJson(summary, facts, { prefix, exportLevel, sliceDuration }), null, 2);
    if (perRequest) await put(names.jsonl, (tmp) => convertLines(recordsPath, tmp, aiperfLine));
    await put(names.csv, (tmp) => writeFile(tmp, toAiperfCsv(summary, (info) => info.aiperf)));
    await put(names.json, (tmp) => writeFile(tmp, json));
  }
  for (const file of options.extraFiles ?? []) await put(file.name, file.write);
  await put('summary.json', (tmp) => writeFile(tmp, `${JSON.stringify(toSummaryJson(summary, slices?.json), null, 2)}\n`));
  if (slices !== null) {
    options.note?.(slices.line);
    options.slicesComputed?.(slices.json);
  }
  return written;
}

/** Streams `from` into `to` a line at a time, each through `convert`. */
function convertLines(from: string, to: string, convert: (line: string) => string): Promise<void> {
  return writeChunkedLines(to, (add) => forEachLine(from, (line) => add(convert(line))));
}
