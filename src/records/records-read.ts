// Reads records.jsonl back into records and token counts, streamed: what `mmload report` rebuilds a summary from.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ErrorType, RequestRecord, Usage } from '../client/request-record.js';
import type { TokenCounts, TokenSource } from '../metrics/token-counts.js';
import { UsageError } from '../util/exit-codes.js';
import { parseRecordLine, startNsOf, type ParsedRecordLine } from './records-jsonl.js';

export interface ReadRecord {
  readonly record: RequestRecord;
  /** Its request_start_ns as written: exact epoch ns; null when the line has none. */
  readonly startNs: bigint | null;
  readonly counts: TokenCounts;
  readonly sessionNum: number;
}

export interface ReadOutcome {
  readonly lines: number;
  /** The last line was cut short (the process was killed while writing it) and was skipped. */
  readonly truncatedLast: boolean;
}

/**
 * Calls `each` for every line of `path`, in file order, with times in ms since `baseNs` (an epoch ns at or before the
 * first start, read first with firstStartNs): relative times keep the microseconds that epoch ms as doubles would
 * blur. A bad line is a UsageError naming it, except a last line cut short, which is skipped and reported.
 */
export async function readRecordFile(path: string, baseNs: bigint, each: (read: ReadRecord) => void): Promise<ReadOutcome> {
  let lines = 0;
  let bad: { n: number; message: string } | null = null;
  await forEachLine(path, (line, n) => {
    if (bad) throw new UsageError(`${path}:${bad.n}: not an mmload record line (${bad.message})`);
    let parsed: ParsedRecordLine;
    try {
      parsed = parseRecordLine(line);
    } catch (err) {
      bad = { n, message: (err as Error).message };
      return;
    }
    lines += 1;
    each(recordOf(parsed, baseNs));
  });
  return { lines, truncatedLast: bad !== null };
}

/** The earliest request_start_ns in the file (null when it has no record). */
export async function firstStartNs(path: string): Promise<bigint | null> {
  let first: bigint | null = null;
  await forEachLine(path, (line) => {
    const ns = startNsOf(line);
    if (ns !== null && (first === null || ns < first)) first = ns;
  });
  return first;
}

/** Calls `each` for every non-blank line of `path` (1-based line numbers), awaiting it before the next. */
export async function forEachLine(path: string, each: (line: string, n: number) => void | Promise<void>): Promise<void> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() !== '') await each(line, n);
    }
  } finally {
    lines.close();
  }
}

/**
 * The record and counts a line was written from (records-jsonl.ts), as far as the summary needs them: chunk times
 * from the first token and the inter-chunk gaps (else one at the response end), usage from the usage_* metrics, the
 * requested OSL from the OSL mismatch. Client-side text is not kept in the file, nor needed: the counts are.
 */
function recordOf(line: ParsedRecordLine, baseNs: bigint): ReadRecord {
  const { metadata: m, metrics, error } = line;
  const ms = (key: string): number | null => (typeof m[key] === 'bigint' ? Number((m[key] as bigint) - baseNs) / 1e6 : null);
  const value = (tag: string): number | null => {
    const v = metrics[tag]?.value;
    return typeof v === 'number' ? v : null;
  };
  const startMs = ms('request_start_ns') ?? 0;
  const ttft = value('time_to_first_token');
  const latency = value('request_latency');
  const gaps = metrics.inter_chunk_latency?.value;
  const chunkMs: number[] = [];
  if (error === null && ttft !== null) {
    chunkMs.push(startMs + ttft);
    if (Array.isArray(gaps)) for (const gap of gaps as number[]) chunkMs.push(chunkMs[chunkMs.length - 1]! + gap);
  } else if (error === null && latency !== null) {
    chunkMs.push(startMs + latency);
  }
  const completion = value('usage_completion_tokens');
  const usage: Usage | null = completion === null ? null : {
    promptTokens: value('usage_prompt_tokens'),
    completionTokens: completion,
    reasoningTokens: value('usage_reasoning_tokens'),
    cachedTokens: value('usage_prompt_cache_read_tokens'),
  };
  const record: RequestRecord = {
    requestIndex: typeof m.request_index === 'number' ? m.request_index : 0,
    phase: 'profiling',
    xRequestId: typeof m.x_request_id === 'string' ? m.x_request_id : '',
    intendedMs: ms('request_intended_ns'),
    startMs,
    bodySentMs: ms('request_body_sent_ns'),
    headersMs: ms('request_ack_ns'),
    chunkMs,
    chunkTokens: [],
    endMs: ms('request_end_ns') ?? startMs,
    streamed: ttft !== null || value('stream_setup_latency') !== null,
    status: typeof m.http_status === 'number' ? m.http_status : null,
    usage,
    contentText: null,
    reasoningText: null,
    finishReason: typeof m.finish_reason === 'string' ? m.finish_reason : null,
    bodyBytes: typeof m.body_bytes === 'number' ? m.body_bytes : 0,
    imageIds: Array.isArray(m.image_ids) ? m.image_ids.filter((id): id is number => typeof id === 'number') : [],
    responseBytes: typeof m.response_bytes === 'number' ? m.response_bytes : 0,
    error: error === null ? null : { ...error, type: error.type as ErrorType },
    // A conversation's turn (mmload writes conversation_turns for those only).
    ...(typeof m.x_correlation_id === 'string' && typeof m.conversation_id === 'string' && typeof m.turn_index === 'number' && typeof m.conversation_turns === 'number'
      ? { session: { conversationId: m.conversation_id, turnIndex: m.turn_index, correlationId: m.x_correlation_id, turnCount: m.conversation_turns } } : {}),
  };
  const osl = value('output_sequence_length');
  const mismatch = value('osl_mismatch_diff_pct');
  const source = (key: string): TokenSource | null => (m[key] === 'server' || m[key] === 'tokenizer' ? m[key] : null);
  const counts: TokenCounts = {
    isl: value('input_sequence_length') ?? value('error_isl'),
    osl,
    outputTokens: value('output_token_count'),
    reasoningTokens: value('reasoning_token_count'),
    expectedIsl: value('expected_input_sequence_length'),
    // mismatch % = (OSL − requested) / requested × 100, and the requested cap is a whole number of tokens.
    requestedOsl: mismatch === null || osl === null ? null : Math.round(osl / (1 + mismatch / 100)),
    clientCounted: m.isl_source === 'tokenizer',
    oslSource: source('osl_source'),
    islSource: source('isl_source'),
  };
  const startNs = typeof m.request_start_ns === 'bigint' ? m.request_start_ns : null;
  return { record, startNs, counts, sessionNum: typeof m.session_num === 'number' ? m.session_num : 0 };
}
