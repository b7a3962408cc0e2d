// The requests the timeline draws: profiling records in send order, sampled evenly in bounded memory as they settle.
import type { RequestRecord } from '../client/request-record.js';
import { firstTokenMs } from './request-metrics.js';

export interface Span {
  /** Position in send order among the profiling requests. */
  readonly index: number;
  /** Seconds since the profiled phase began. */
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
  /** One request in `stride` is drawn, evenly by send order (1: all); rounded to 2 decimals, for the caption. */
  readonly stride: number;
}

interface Kept {
  readonly index: number;
  readonly startMs: number;
  readonly firstTokenMs: number | null;
  readonly endMs: number;
  readonly error: string | null;
}

/**
 * Keeps the requests whose send-order index is a multiple of a stride, the stride doubling whenever more than twice
 * `max` are kept; at the end `max` of them are taken evenly. Memory stays at most 2 × max spans.
 */
export class TimelineSample {
  private kept: Kept[] = [];
  private keepEvery = 1;
  private total = 0;

  constructor(private readonly max: number) {}

  /** A settled profiling record and its position in send order. */
  add(record: RequestRecord, index: number): void {
    this.total += 1;
    if (index % this.keepEvery !== 0) return;
    this.kept.push({ index, startMs: record.startMs, firstTokenMs: firstTokenMs(record), endMs: record.endMs, error: record.error?.type ?? null });
    if (this.kept.length > 2 * this.max) {
      this.keepEvery *= 2;
      this.kept = this.kept.filter((k) => k.index % this.keepEvery === 0);
    }
  }

  /** At most `max` spans, in seconds since `originMs` (when the profiled phase began). */
  spans(originMs: number): TimelineSpans {
    const sorted = [...this.kept].sort((a, b) => a.index - b.index);
    const drawn = Math.min(sorted.length, this.max);
    const step = sorted.length / Math.max(drawn, 1);
    const sec = (ms: number): number => (ms - originMs) / 1000;
    const spans: Span[] = [];
    for (let k = 0; k < drawn; k++) {
      const r = sorted[Math.floor(k * step)]!;
      spans.push({ index: r.index, startSec: sec(r.startMs), firstTokenSec: r.firstTokenMs === null ? null : sec(r.firstTokenMs), endSec: sec(r.endMs), error: r.error });
    }
    return { spans, total: this.total, stride: Number((drawn > 0 ? this.total / drawn : 1).toFixed(2)) };
  }
}
