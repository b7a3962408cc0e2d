// summary.json's mmload.time_slices: each time slice in brief (when, how many, TTFT and latency percentiles, throughputs, planned image hits), what report.html draws.
import type { RunSummary } from '../metrics/summary.js';
import type { TimeSlice } from '../records/time-slices.js';

/** One slice as summary.json lists it; a figure no request of the slice had is absent. */
export interface TimeSliceEntry {
  /** aiperf's timeslice_index: 0, 1, … over the slices that hold a request. */
  readonly index: number;
  /** Whole slices since the Unix epoch to this one's start: the key server metrics' slices carry too. */
  readonly key: number;
  /** Seconds from the run's start (its first request's start) to the slice's start and end, cut to the run. */
  readonly start_sec: number;
  readonly end_sec: number;
  /** Successful requests that started in the slice (aiperf's request_count), and failed ones (error_request_count). */
  readonly requests: number;
  readonly errors: number;
  readonly ttft_p50_ms?: number;
  readonly ttft_p99_ms?: number;
  readonly request_latency_p50_ms?: number;
  readonly request_latency_p99_ms?: number;
  /** The slice's output tokens and successful requests over its own benchmark duration (see TimeSlicesJson). */
  readonly output_tokens_per_sec?: number;
  readonly requests_per_sec?: number;
  /** Image slots of the slice's requests, failed ones too (records' image_ids). */
  readonly image_slots: number;
  /** Those whose image an earlier-started request (ties: lower session_num) or an earlier slot of the same one had sent. */
  readonly planned_image_hits: number;
  /** planned_image_hits / image_slots; absent when the slice has no image slot. */
  readonly planned_hit_rate?: number;
}

/** summary.json's mmload.time_slices. */
export interface TimeSlicesJson {
  /** --slice-duration: slices are whole multiples of it since the Unix epoch, as aiperf's. */
  readonly slice_duration_sec: number;
  readonly throughput_definition: string;
  readonly planned_hit_rate_definition: string;
  readonly slices: readonly TimeSliceEntry[];
}

export function timeSlicesJson(slices: readonly TimeSlice[], sliceSeconds: number, run: Pick<RunSummary, 'startEpochMs' | 'endEpochMs'>): TimeSlicesJson {
  const startMs = run.startEpochMs ?? 0;
  const endMs = run.endEpochMs ?? Infinity;
  const sec = (epochMs: number) => (Math.min(Math.max(epochMs, startMs), endMs) - startMs) / 1000;
  const present = (entries: Record<string, number | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  return {
    slice_duration_sec: sliceSeconds,
    throughput_definition: 'a slice\'s output tokens or successful requests over its own benchmark duration: the earliest start to the latest ' +
      'response end of its successful requests (which may run past the slice\'s end), as aiperf',
    planned_hit_rate_definition: 'share of the slice\'s image slots (failed requests\' too) whose image an earlier-started request, or an ' +
      'earlier slot of the same request, had sent (an infinitely large cache; by the images records.jsonl names in image_ids)',
    slices: slices.map(({ index, key, startEpochMs, endEpochMs, counts, distributions: d, values: v, imageSlots, plannedImageHits }) => ({
      index,
      key,
      start_sec: sec(startEpochMs),
      end_sec: sec(endEpochMs),
      requests: counts.completed,
      errors: counts.failed,
      image_slots: imageSlots,
      planned_image_hits: plannedImageHits,
      ...present({
        ttft_p50_ms: d.time_to_first_token?.stats.p50,
        ttft_p99_ms: d.time_to_first_token?.stats.p99,
        request_latency_p50_ms: d.request_latency?.stats.p50,
        request_latency_p99_ms: d.request_latency?.stats.p99,
        output_tokens_per_sec: v.output_token_throughput?.value,
        requests_per_sec: v.request_throughput?.value,
        planned_hit_rate: imageSlots === 0 ? undefined : plannedImageHits / imageSlots,
      }),
    })),
  };
}

/** Planned image hits over image slots summed over the slices: the planned hit rate as the run actually sent; null without images. */
export function plannedAsSent(slices: TimeSlicesJson): number | null {
  let hits = 0;
  let slots = 0;
  for (const slice of slices.slices) {
    hits += slice.planned_image_hits;
    slots += slice.image_slots;
  }
  return slots > 0 ? hits / slots : null;
}
