// Per-request metric values derived from one record's timestamps and token counts (aiperf's formulas).
import type { RequestRecord } from '../client/request-record.js';
import type { DistributionTag } from './catalog.js';

/** Token counts of one request, from the client tokenizer or the server's usage (see token-counts.ts); null when unknown. */
export interface RequestTokenCounts {
  /** input_sequence_length. */
  readonly isl: number | null;
  /** Tokens of the reply's content (non-reasoning) text. */
  readonly outputTokens: number | null;
  /** Tokens of the reply's reasoning text. */
  readonly reasoningTokens: number | null;
  /** output_sequence_length: outputTokens + reasoningTokens; null when both are unknown. */
  readonly osl: number | null;
  /** Prompt tokens the workload expects by Qwen3-VL's arithmetic, when known. */
  readonly expectedIsl?: number | null;
  /** The token cap the request asked for, when it asked for one (osl_mismatch_*). */
  readonly requestedOsl?: number | null;
  /** Counted by the client tokenizer, so the server's usage is compared with the counts (usage_*_diff_pct). */
  readonly clientCounted?: boolean;
}

/** A successful request's values, in ms and tokens; null where the metric does not apply. */
export interface RequestMetrics {
  readonly timeToFirstTokenMs: number | null;
  /** Needs two content chunks. */
  readonly timeToSecondTokenMs: number | null;
  /** Start to the last content chunk (not the usage chunk, [DONE] or end of body). */
  readonly requestLatencyMs: number;
  /** (latency − TTFT) / (OSL − 1); needs OSL ≥ 2. */
  readonly interTokenLatencyMs: number | null;
  /** 1000 / ITL; null when ITL is null or zero. */
  readonly outputTokenThroughputPerUser: number | null;
  /** Every gap between consecutive content chunks. */
  readonly interChunkLatencyMs: readonly number[];
  readonly outputSequenceLength: number | null;
  readonly inputSequenceLength: number | null;
  /** Content tokens; null when none (aiperf reports no output_token_count for 0). */
  readonly outputTokenCount: number | null;
  readonly reasoningTokenCount: number | null;
  /** The server's usage figures, whatever the counts above came from. */
  readonly usagePromptTokens: number | null;
  readonly usageCompletionTokens: number | null;
  readonly usageReasoningTokens: number | null;
  readonly usagePromptCacheReadTokens: number | null;
  /** |usage − client count| / client count × 100, with client-side counts only. */
  readonly usagePromptTokensDiffPct: number | null;
  readonly usageCompletionTokensDiffPct: number | null;
  readonly usageReasoningTokensDiffPct: number | null;
  /** (OSL − requested) / requested × 100, when the request asked for a token cap. */
  readonly oslMismatchDiffPct: number | null;
  /** mmload's own: the prompt tokens the workload expects (Qwen3-VL arithmetic), beside the server's count. */
  readonly expectedInputSequenceLength: number | null;
  /** mmload's own: start until the body was fully written. */
  readonly requestUploadTimeMs: number | null;
  /** Start until the response headers arrived (aiperf's stream_setup_latency). */
  readonly streamSetupLatencyMs: number | null;
  /** Open-loop shapes: TTFT measured from when the request was meant to go (coordinated-omission free). */
  readonly timeToFirstTokenFromScheduleMs: number | null;
  /** Open-loop shapes: request latency measured from when the request was meant to go. */
  readonly requestLatencyFromScheduleMs: number | null;
}

/** The metrics with one number per successful request. */
export type RequestValueTag = Exclude<DistributionTag, 'inter_chunk_latency' | 'error_isl' | 'schedule_lag'>;

/** Reads each per-request metric by its tag. */
export const REQUEST_VALUES: Readonly<Record<RequestValueTag, (m: RequestMetrics) => number | null>> = {
  time_to_first_token: (m) => m.timeToFirstTokenMs,
  time_to_second_token: (m) => m.timeToSecondTokenMs,
  request_latency: (m) => m.requestLatencyMs,
  inter_token_latency: (m) => m.interTokenLatencyMs,
  output_token_throughput_per_user: (m) => m.outputTokenThroughputPerUser,
  output_sequence_length: (m) => m.outputSequenceLength,
  input_sequence_length: (m) => m.inputSequenceLength,
  output_token_count: (m) => m.outputTokenCount,
  reasoning_token_count: (m) => m.reasoningTokenCount,
  usage_prompt_tokens: (m) => m.usagePromptTokens,
  usage_completion_tokens: (m) => m.usageCompletionTokens,
  usage_reasoning_tokens: (m) => m.usageReasoningTokens,
  usage_prompt_cache_read_tokens: (m) => m.usagePromptCacheReadTokens,
  usage_prompt_tokens_diff_pct: (m) => m.usagePromptTokensDiffPct,
  usage_completion_tokens_diff_pct: (m) => m.usageCompletionTokensDiffPct,
  usage_reasoning_tokens_diff_pct: (m) => m.usageReasoningTokensDiffPct,
  osl_mismatch_diff_pct: (m) => m.oslMismatchDiffPct,
  expected_input_sequence_length: (m) => m.expectedInputSequenceLength,
  request_upload_time: (m) => m.requestUploadTimeMs,
  stream_setup_latency: (m) => m.streamSetupLatencyMs,
  time_to_first_token_from_schedule: (m) => m.timeToFirstTokenFromScheduleMs,
  request_latency_from_schedule: (m) => m.requestLatencyFromScheduleMs,
};

export const REQUEST_VALUE_TAGS = Object.keys(REQUEST_VALUES) as readonly RequestValueTag[];

/** When the request's response ended: the last content chunk, else (no content chunk, or failed) endMs. */
export function responseEndMs(record: RequestRecord): number {
  const chunks = record.chunkMs;
  return record.error === null && chunks.length > 0 ? chunks[chunks.length - 1]! : record.endMs;
}

/** When a streamed success's first content chunk came; null for a failure, a reply not streamed, or no content. */
export function firstTokenMs(record: RequestRecord): number | null {
  return record.error === null && record.streamed && record.chunkMs.length > 0 ? record.chunkMs[0]! : null;
}

/**
 * Derives a successful record's metrics. A record without content chunks gets latency to endMs and no stream
 * metrics; so does a non-streamed reply (one JSON body: its only "chunk" is the end, so TTFT would just be latency).
 */
export function deriveRequestMetrics(record: RequestRecord, counts: RequestTokenCounts): RequestMetrics {
  const { startMs, intendedMs } = record;
  const chunkMs = record.streamed ? record.chunkMs : [];
  const first = firstTokenMs(record);
  const ttft = first === null ? null : first - startMs;
  const latency = responseEndMs(record) - startMs;
  const { osl, isl } = counts;
  // aiperf's formula: the decode time spread over the tokens after the first.
  const itl = ttft === null || osl === null || osl < 2 ? null : (latency - ttft) / (osl - 1);
  const usage = record.usage;
  const diff = (server: number | null | undefined, client: number | null): number | null =>
    counts.clientCounted && server != null && client !== null && client > 0 ? (Math.abs(server - client) / client) * 100 : null;
  const requested = counts.requestedOsl ?? null;
  return {
    timeToFirstTokenMs: ttft,
    timeToSecondTokenMs: chunkMs.length > 1 ? chunkMs[1]! - chunkMs[0]! : null,
    requestLatencyMs: latency,
    interTokenLatencyMs: itl,
    outputTokenThroughputPerUser: itl === null || itl <= 0 ? null : 1000 / itl,
    interChunkLatencyMs: gaps(chunkMs),
    outputSequenceLength: osl,
    inputSequenceLength: isl,
    outputTokenCount: counts.outputTokens || null,
    reasoningTokenCount: counts.reasoningTokens,
    usagePromptTokens: usage?.promptTokens ?? null,
    usageCompletionTokens: usage?.completionTokens ?? null,
    usageReasoningTokens: usage?.reasoningTokens ?? null,
    usagePromptCacheReadTokens: usage?.cachedTokens ?? null,
    usagePromptTokensDiffPct: diff(usage?.promptTokens, isl),
    usageCompletionTokensDiffPct: diff(usage?.completionTokens, osl),
    usageReasoningTokensDiffPct: diff(usage?.reasoningTokens, counts.reasoningTokens),
    oslMismatchDiffPct: requested !== null && requested > 0 && osl !== null ? ((osl - requested) / requested) * 100 : null,
    expectedInputSequenceLength: counts.expectedIsl ?? null,
    requestUploadTimeMs: record.bodySentMs === null ? null : record.bodySentMs - startMs,
    streamSetupLatencyMs: record.headersMs === null || !record.streamed ? null : record.headersMs - startMs,
    timeToFirstTokenFromScheduleMs: intendedMs === null || first === null ? null : first - intendedMs,
    requestLatencyFromScheduleMs: intendedMs === null ? null : responseEndMs(record) - intendedMs,
  };
}

function gaps(times: readonly number[]): number[] {
  const out = new Array<number>(Math.max(0, times.length - 1));
  for (let i = 1; i < times.length; i++) out[i - 1] = times[i]! - times[i - 1]!;
  return out;
}
