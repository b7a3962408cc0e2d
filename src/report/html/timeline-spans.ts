// The requests the timeline draws: profiling records in send order, thinned evenly to a bounded number.
import type { RequestRecord } from '../../client/request-record.js';
import { firstTokenMs } from '../../metrics/request-metrics.js';

export interface Span {
  /** Position in send order among the profiling requests. */
  readonly index: number;
  /** Seconds since the first send. */
  readonly startSec: number;
  /** The first content chunk; null for a failure or a reply without one (or not streamed). */
  readonly firstTokenSec: number | null;
  readonly endSec: number;
  /** The error type of a failure, else null. */
  readonly error: string | null;
}

export interface TimelineSpans {
  readonly spans: readonly Span[];
  /** Profiling requests in all; more than spans.length when thinned. */
  readonly total: number;
  /** One request in `stride` is drawn, evenly by send time (1: all); rounded to 2 decimals, for the caption. */
  readonly stride: number;
}

/** At most `max` spans, taken evenly by send time when there are more requests. */
export function timelineSpans(records: readonly RequestRecord[], max: number): TimelineSpans {
  const profiled = records.filter((r) => r.phase === 'profiling').sort((a, b) => a.startMs - b.startMs);
  const total = profiled.length;
  const stride = total > max ? total / max : 1;
  const t0 = profiled[0]?.startMs ?? 0;
  const spans: Span[] = [];
  for (let k = 0; k < Math.min(total, max); k++) {
    const index = Math.floor(k * stride);
    const r = profiled[index]!;
    const first = firstTokenMs(r);
    spans.push({
      index,
      startSec: (r.startMs - t0) / 1000,
      firstTokenSec: first === null ? null : (first - t0) / 1000,
      endSec: (r.endMs - t0) / 1000,
      error: r.error?.type ?? null,
    });
  }
  return { spans, total, stride: Number(stride.toFixed(2)) };
}
