// The time slices a scrape window touches, each clipped to the window: what a series' timeslices are listed over, and their bounds.
import { epochNs } from '../util/epoch-now.js';
import { sliceBounds, sliceKeyOf } from '../util/time-slice.js';
import type { TimesliceBounds } from './export-types.js';

export interface SliceSpan {
  /** The slice key (util/time-slice.ts): whole slices since the epoch. */
  readonly key: number;
  /** Epoch ms, clipped to the window. */
  readonly startMs: number;
  readonly endMs: number;
  /** False when the window cut the slice short (its first or last). */
  readonly complete: boolean;
}

/** Every slice of `sliceSeconds` from the one holding `fromMs` to the one holding `toMs`, clipped to [fromMs, toMs]. */
export function sliceSpans(fromMs: number, toMs: number, sliceSeconds: number): SliceSpan[] {
  const spans: SliceSpan[] = [];
  if (!(toMs > fromMs)) return spans;
  for (let key = sliceKeyOf(fromMs, sliceSeconds); key <= sliceKeyOf(toMs, sliceSeconds); key++) {
    const { startMs, endMs } = sliceBounds(key, sliceSeconds);
    const start = Math.max(startMs, fromMs);
    const end = Math.min(endMs, toMs);
    if (end > start) spans.push({ key, startMs: start, endMs: end, complete: start === startMs && end === endMs });
  }
  return spans;
}

/** A span's bounds as a timeslice states them: epoch ns, and `is_complete: false` when the window cut it. */
export function spanBounds(span: SliceSpan): TimesliceBounds {
  return { start_ns: epochNs(span.startMs, 0), end_ns: epochNs(span.endMs, 0), ...(span.complete ? {} : { is_complete: false as const }) };
}
