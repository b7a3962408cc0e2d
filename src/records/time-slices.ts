// A run's figures per time slice, as aiperf slices a run (each request by its start, in epoch-aligned slices), read from its records file after the run.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { holdTemporary, releaseTemporary } from '../fs/temporary-files.js';
import type { Slos } from '../metrics/goodput.js';
import { RunTotals } from '../metrics/run-totals.js';
import type { RunSummary } from '../metrics/summary.js';
import { sliceBounds, sliceKeyOf } from '../util/time-slice.js';
import { FirstSenders } from './planned-image-hits.js';
import { startNsOf } from './records-jsonl.js';
import { forEachLine, readRecordFile } from './records-read.js';

/** Where a run with --export-level summary (no records.jsonl) keeps its records until its slices are computed. */
const SLICE_RECORDS_TEMP = '.records-for-time-slices.jsonl';

/** The path of that file in `dir`, `held`: removed however the process ends, unless dropSliceRecords() removed it first. */
export function sliceRecordsPath(dir: string, held = false): string {
  const path = join(dir, SLICE_RECORDS_TEMP);
  if (held) holdTemporary(path);
  return path;
}

/** Removes the records kept only for the slices. */
export async function dropSliceRecords(dir: string): Promise<void> {
  const path = sliceRecordsPath(dir);
  await rm(path, { force: true });
  releaseTemporary(path);
}

/** One non-empty slice: the requests that started in [startEpochMs, endEpochMs), summarised as the whole run is. */
export interface TimeSlice extends Pick<RunSummary, 'distributions' | 'values' | 'counts'> {
  /** 0, 1, …: the non-empty slices in time order (aiperf's timeslice_index). */
  readonly index: number;
  /** Whole slices since the Unix epoch to this one's start (util/time-slice.ts), as server metrics' slices are keyed. */
  readonly key: number;
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  /** Image slots of the slice's requests (failed ones too), and those whose image an earlier-started request had sent (see FirstSenders). */
  readonly imageSlots: number;
  readonly plannedImageHits: number;
}

export interface TimeSliceOptions {
  readonly sliceSeconds: number;
  /** Goodput SLOs: good_request_count and goodput per slice when given. */
  readonly slos: Slos | undefined;
  /** The load shape sent on its own schedule, so achieved_request_rate applies (see RunTotals.valueResults). */
  readonly openLoop: boolean;
}

/** The slice key of a request that started at `startNs` (epoch ns): aiperf's floor(request_start_ns / slice duration). */
function sliceKeyOfStart(startNs: bigint, sliceSeconds: number): number {
  return sliceKeyOf(Number(startNs) / 1e6, sliceSeconds);
}

/**
 * Two streamed passes over the records file at `path`. The first counts the requests of each slice and finds each
 * image's first sender; the second adds each record to its slice's RunTotals and image counts, and summarises a slice
 * as soon as its last record is read. Records are written as requests end, so a slice is open from its first record
 * to about one request latency after its own end: memory holds the slices open at once (a RunTotals each), the
 * summaries of those done and one entry per distinct image, whatever the number of requests.
 */
export async function timeSlicesOf(path: string, options: TimeSliceOptions): Promise<TimeSlice[]> {
  const { sliceSeconds, slos } = options;
  const expected = new Map<number, number>();
  const senders = new FirstSenders();
  let baseNs: bigint | null = null;
  await forEachLine(path, (line) => {
    const ns = startNsOf(line);
    if (ns === null) return;
    senders.note(line, ns);
    if (baseNs === null || ns < baseNs) baseNs = ns;
    const key = sliceKeyOfStart(ns, sliceSeconds);
    expected.set(key, (expected.get(key) ?? 0) + 1);
  });
  if (baseNs === null) return [];
  // Times in the totals are ms since baseNs (exact to the µs records keep); this turns them back into epoch ms.
  const timeOrigin = Number(baseNs / 1000n) / 1000;
  const open = new Map<number, { readonly totals: RunTotals; seen: number; imageSlots: number; plannedImageHits: number }>();
  const done = new Map<number, Omit<TimeSlice, 'index' | 'key' | 'startEpochMs' | 'endEpochMs'>>();
  const close = (key: number): void => {
    const { totals, imageSlots, plannedImageHits } = open.get(key)!;
    open.delete(key);
    done.set(key, {
      distributions: totals.distributionResults(),
      values: totals.valueResults(slos !== undefined, timeOrigin, options.openLoop),
      counts: { issued: totals.completed + totals.failed, completed: totals.completed, failed: totals.failed },
      imageSlots,
      plannedImageHits,
    });
  };
  await readRecordFile(path, baseNs, ({ record, counts, startNs, sessionNum }) => {
    if (startNs === null) return;
    const key = sliceKeyOfStart(startNs, sliceSeconds);
    let slice = open.get(key);
    if (slice === undefined) open.set(key, (slice = { totals: new RunTotals(), seen: 0, imageSlots: 0, plannedImageHits: 0 }));
    slice.totals.add(record, counts, slos);
    const imageIds = record.imageIds ?? [];
    slice.imageSlots += imageIds.length;
    slice.plannedImageHits += senders.plannedHits(imageIds, startNs, sessionNum);
    slice.seen += 1;
    if (slice.seen === expected.get(key)) close(key);
  });
  // A last line cut short was counted but not read: its slice closes here.
  for (const key of [...open.keys()]) close(key);
  return [...done.keys()].sort((a, b) => a - b).map((key, index) => {
    const { startMs, endMs } = sliceBounds(key, sliceSeconds);
    return { index, key, startEpochMs: startMs, endEpochMs: endMs, ...done.get(key)! };
  });
}
