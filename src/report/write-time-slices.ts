// Writes --slice-duration's files, aiperf's timeslice JSON and CSV, from a run's records file; returns what summary.json lists and the console says of them.
import { writeFile } from 'node:fs/promises';
import type { RunSummary } from '../metrics/summary.js';
import { timeSlicesOf } from '../records/time-slices.js';
import { isOpenLoop } from '../executors/load-shape.js';
import { aiperfFileNames } from './aiperf-file-names.js';
import { aiperfInputConfig, type AiperfArtifactsFacts } from './aiperf-run-info.js';
import { toAiperfTimeslicesCsv, toAiperfTimeslicesJson } from './aiperf-timeslices.js';
import { timeSlicesJson, type TimeSlicesJson } from './time-slice-entry.js';

export interface TimeSliceFiles extends AiperfArtifactsFacts {
  readonly sliceDuration: number;
  /** aiperf's metrics only (--compat aiperf), else mmload's too. */
  readonly aiperfOnly: boolean;
}

export interface TimeSlicesWritten {
  /** summary.json's mmload.time_slices. */
  readonly json: TimeSlicesJson;
  /** One line for the console: how many slices, which files. */
  readonly line: string;
}

/**
 * Slices the records at `recordsPath` and writes the two files through `put` (atomically, as every result file). A
 * run with no request has no slice: then, as aiperf, no file.
 */
export async function writeTimeSlices(
  summary: RunSummary, recordsPath: string, files: TimeSliceFiles, put: (name: string, write: (tmp: string) => Promise<void>) => Promise<void>,
): Promise<TimeSlicesWritten> {
  const { meta } = summary;
  const slices = await timeSlicesOf(recordsPath, { sliceSeconds: files.sliceDuration, slos: meta.goodput, openLoop: isOpenLoop(meta.load?.['shape']) });
  const json = timeSlicesJson(slices, files.sliceDuration, summary);
  if (slices.length === 0) return { json, line: `time slices of ${files.sliceDuration} s: none (no request was profiled)` };
  const names = aiperfFileNames(files.prefix);
  const include = files.aiperfOnly ? (info: { aiperf: boolean }) => info.aiperf : () => true;
  const inputConfig = meta.aiperfRun ? aiperfInputConfig(meta.aiperfRun, files) : meta.inputConfig;
  await put(names.timeslicesJson, (tmp) => writeFile(tmp, toAiperfTimeslicesJson(slices, inputConfig, include)));
  await put(names.timeslicesCsv, (tmp) => writeFile(tmp, toAiperfTimeslicesCsv(slices, include)));
  const count = `${slices.length} time slice${slices.length === 1 ? '' : 's'} of ${files.sliceDuration} s`;
  return { json, line: `${count}: ${names.timeslicesJson}, ${names.timeslicesCsv}` };
}
