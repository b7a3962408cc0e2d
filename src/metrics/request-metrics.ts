// Per-request metric values derived from one record's timestamps and token counts (aiperf's formulas).
import type { RequestRecord } from '../client/request-record.js';
import type { DistributionTag } from './catalog.js';

/** Token counts of one request, from the server's usage or the tokenizer; null when unknown. */
export interface RequestTokenCounts {
  readonly osl: number | null;
  readonly isl: number | null;
  /** Prompt tokens the workload expects by Qwen3-VL's arithmetic, when known. */
  readonly expectedIsl?: number | null;
}

/** A successful request's values, in ms and tokens; null where the metric does not apply. */
export interface RequestMetrics {
  readonly timeToFirstTokenMs: number | null;
  /** Needs two content chunks. */
  readonly timeToSecondTokenMs: number | null;
  /** Start to the last content chunk (not the usage chunk, [DONE] or end of body). */
  readonly requestLatencyMs: number;
  /** (latency − TTFT) / (OSL − tokens of the first chunk); needs OSL ≥ 2. */
  readonly interTokenLatencyMs: number | null;
  /** 1000 / ITL; null when ITL is null or zero. */
  readonly outputTokenThroughputPerUser: number | null;
  /** Every gap between consecutive content chunks. */
  readonly interChunkLatencyMs: readonly number[];
  readonly outputSequenceLength: number | null;
  readonly inputSequenceLength: number | null;
  /** mmload's own: the prompt tokens the workload expects (Qwen3-VL arithmetic), beside the server's count. */
  readonly expectedInputSequenceLength: number | null;
  /** mmload's own: start until the body was fully written. */
  readonly requestUploadTimeMs: number | null;
  /** Start until the response headers arrived (aiperf's stream_setup_latency). */
  readonly streamSetupLatencyMs: number | null;
}

/** The metrics with one number per successful request. */
export type RequestValueTag = Exclude<DistributionTag, 'inter_chunk_latency' | 'error_isl'>;

/** Reads each per-request metric by its tag. */
export const REQUEST_VALUES: Readonly<Record<RequestValueTag, (m: RequestMetrics) => number | null>> = {
  time_to_first_token: (m) => m.timeToFirstTokenMs,
  time_to_second_token: (m) => m.timeToSecondTokenMs,
  request_latency: (m) => m.requestLatencyMs,
  inter_token_latency: (m) => m.interTokenLatencyMs,
  output_token_throughput_per_user: (m) => m.outputTokenThroughputPerUser,
  output_sequence_length: (m) => m.outputSequenceLength,
  input_sequence_length: (m) => m.inputSequenceLength,
  expected_input_sequence_length: (m) => m.expectedInputSequenceLength,
  request_upload_time: (m) => m.requestUploadTimeMs,
  stream_setup_latency: (m) => m.streamSetupLatencyMs,
};

export const REQUEST_VALUE_TAGS = Object.keys(REQUEST_VALUES) as readonly RequestValueTag[];

/** When the request's response ended: the last content chunk, else (no content chunk, or failed) endMs. */
export function responseEndMs(record: RequestRecord): number {
  const chunks = record.chunkMs;
  return record.error === null && chunks.length > 0 ? chunks[chunks.length - 1]! : record.endMs;
}

/** Derives a successful record's metrics. A record without content chunks gets latency to endMs and no stream metrics. */
export function deriveRequestMetrics(record: RequestRecord, counts: RequestTokenCounts): RequestMetrics {
  const { startMs, chunkMs } = record;
  const first = chunkMs.length > 0 ? chunkMs[0]! : null;
  const ttft = first === null ? null : first - startMs;
  const latency = responseEndMs(record) - startMs;
  const itl = ttft === null ? null : interTokenLatency(latency - ttft, counts.osl, record.chunkTokens[0]);
  return {
    timeToFirstTokenMs: ttft,
    timeToSecondTokenMs: chunkMs.length > 1 ? chunkMs[1]! - chunkMs[0]! : null,
    requestLatencyMs: latency,
    interTokenLatencyMs: itl,
    outputTokenThroughputPerUser: itl === null || itl <= 0 ? null : 1000 / itl,
    interChunkLatencyMs: gaps(chunkMs),
    outputSequenceLength: counts.osl,
    inputSequenceLength: counts.isl,
    expectedInputSequenceLength: counts.expectedIsl ?? null,
    requestUploadTimeMs: record.bodySentMs === null ? null : record.bodySentMs - startMs,
    streamSetupLatencyMs: record.headersMs === null ? null : record.headersMs - startMs,
  };
}

/**
 * The decode time spread over the tokens after the first chunk. Like aiperf, the first chunk counts as one
 * token unless the server reported that chunk's own token count (per-chunk usage) and it is consistent.
 */
function interTokenLatency(decodeMs: number, osl: number | null, firstChunkTokens: number | undefined): number | null {
  if (osl === null || osl < 2) return null;
  const afterFirst = firstChunkTokens !== undefined && firstChunkTokens > 0 ? osl - firstChunkTokens : 0;
  return decodeMs / (afterFirst >= 1 ? afterFirst : osl - 1);
}

function gaps(times: readonly number[]): number[] {
  const out = new Array<number>(Math.max(0, times.length - 1));
  for (let i = 1; i < times.length; i++) out[i - 1] = times[i]! - times[i - 1]!;
  return out;
}
