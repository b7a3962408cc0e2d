// One JSON line per profiled request in aiperf's profile_export.jsonl form: exactly aiperf's, or with mmload's extras (records.jsonl).
import type { RequestRecord } from '../client/request-record.js';
import { DISTRIBUTION_METRICS, VALUE_METRICS } from '../metrics/catalog.js';
import { meetsSlos, type Slos } from '../metrics/goodput.js';
import { REQUEST_VALUE_TAGS, REQUEST_VALUES, deriveRequestMetrics } from '../metrics/request-metrics.js';
import type { TokenCounts } from '../metrics/token-counts.js';
import { aiperfErrorDetails } from '../report/aiperf-errors.js';

interface MetricValue {
  readonly value: number | readonly number[];
  readonly unit: string;
}

export interface RecordLineOptions {
  /**
   * 'aiperf': profile_export.jsonl as aiperf's readers require it (its metadata keys only, its per-request metrics,
   * its error names). 'mmload': records.jsonl, which adds mmload's metadata, its own metrics, the inter-chunk gaps
   * and keeps mmload's error kinds.
   */
  readonly style: 'aiperf' | 'mmload';
  /** Goodput SLOs, when given: each success then carries good_request_count 1 or 0, as in aiperf. */
  readonly slos?: Slos | undefined;
  /** performance.timeOrigin of the process that measured the records. */
  readonly timeOrigin?: number;
}

/** Monotonic ms to integer epoch nanoseconds (microsecond precision: the clock's useful resolution). */
export function epochNs(ms: number, timeOrigin: number): bigint {
  return BigInt(Math.round((timeOrigin + ms) * 1000)) * 1000n;
}

/** The id of the workload entry a request was built from: its conversation_id, and its session_id in inputs.json. */
export function sessionIdOf(requestIndex: number): string {
  return `session_${String(requestIndex).padStart(6, '0')}`;
}

/** aiperf's names for the one worker and record processor of an mmload run. */
const WORKER_ID = 'worker_0';
const RECORD_PROCESSOR_ID = 'record_processor_0';

/**
 * The lines for the profiling records (`counts[i]` belongs to `records[i]`), each ending in "\n".
 * session_num is the request's position in issue order among profiling requests: each single-turn request is a session.
 */
export function* recordLines(records: readonly RequestRecord[], counts: readonly TokenCounts[], options: RecordLineOptions): Generator<string> {
  let session = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.phase === 'profiling') yield `${recordJson(record, counts[i]!, session++, options)}\n`;
  }
}

/**
 * One record as a JSON line: metadata keys in aiperf's declaration order, an optional key left out when it has no
 * value (was_cancelled only when true), metrics by tag, and `error` on failures only. Epoch ns are written as bare
 * integers, which JSON.stringify cannot do for bigint.
 */
function recordJson(record: RequestRecord, tokens: TokenCounts, session: number, options: RecordLineOptions): string {
  const timeOrigin = options.timeOrigin ?? performance.timeOrigin;
  const ns = (ms: number): string => epochNs(ms, timeOrigin).toString();
  const cancelled = record.error?.type === 'cancelled';
  const metadata: [string, string | null][] = [
    ['session_num', String(session)],
    ['x_request_id', record.xRequestId ? JSON.stringify(record.xRequestId) : null],
    ['x_correlation_id', record.xRequestId ? JSON.stringify(record.xRequestId) : null],
    ['conversation_id', JSON.stringify(sessionIdOf(record.requestIndex))],
    ['turn_index', '0'],
    ['request_start_ns', ns(record.startMs)],
    ['request_ack_ns', record.headersMs === null ? null : ns(record.headersMs)],
    ['request_end_ns', ns(record.endMs)],
    ['worker_id', JSON.stringify(WORKER_ID)],
    ['record_processor_id', JSON.stringify(RECORD_PROCESSOR_ID)],
    ['benchmark_phase', '"profiling"'],
    ['was_cancelled', cancelled ? 'true' : null],
    ['cancellation_time_ns', cancelled ? ns(record.endMs) : null],
  ];
  if (options.style === 'mmload') {
    metadata.push(
      ['request_index', String(record.requestIndex)],
      ['request_body_sent_ns', record.bodySentMs === null ? null : ns(record.bodySentMs)],
      ['http_status', record.status === null ? null : String(record.status)],
      ['finish_reason', record.finishReason === null ? null : JSON.stringify(record.finishReason)],
      ['body_bytes', String(record.bodyBytes)],
      ['response_bytes', String(record.responseBytes)],
      ['osl_source', tokens.oslSource === null ? null : JSON.stringify(tokens.oslSource)],
      ['isl_source', tokens.islSource === null ? null : JSON.stringify(tokens.islSource)],
    );
  }
  const metadataJson = `{${metadata.filter(([, value]) => value !== null).map(([key, value]) => `"${key}":${value}`).join(',')}}`;
  const line = `{"metadata":${metadataJson},"metrics":${JSON.stringify(metricsOf(record, tokens, options))}`;
  if (!record.error) return `${line}}`;
  const { code, type, message } = record.error;
  const error = options.style === 'aiperf' ? aiperfErrorDetails(record.error) : { ...(code === null ? {} : { code }), type, message };
  return `${line},"error":${JSON.stringify(error)}}`;
}

/**
 * A success's per-request metrics by tag, in display units; a failure's only error_isl (when its ISL is known), so
 * `{}` at least, never null. The aiperf style keeps aiperf's metrics and leaves out the inter-chunk gap lists, as
 * aiperf does unless asked for per-chunk data.
 */
function metricsOf(record: RequestRecord, tokens: TokenCounts, options: RecordLineOptions): Record<string, MetricValue> {
  if (record.error) {
    return tokens.isl === null ? {} : { error_isl: { value: tokens.isl, unit: DISTRIBUTION_METRICS.error_isl.unit } };
  }
  const aiperfOnly = options.style === 'aiperf';
  const metrics = deriveRequestMetrics(record, tokens);
  const out: Record<string, MetricValue> = {};
  for (const tag of REQUEST_VALUE_TAGS) {
    const info = DISTRIBUTION_METRICS[tag];
    const value = REQUEST_VALUES[tag](metrics);
    if (value !== null && (info.aiperf || !aiperfOnly)) out[tag] = { value, unit: info.unit };
  }
  // aiperf counts good requests per record (1 or 0): its good_request_count is no run-level-only metric.
  if (options.slos) out.good_request_count = { value: meetsSlos(metrics, options.slos) ? 1 : 0, unit: VALUE_METRICS.good_request_count.unit };
  if (!aiperfOnly && metrics.interChunkLatencyMs.length > 0) {
    out.inter_chunk_latency = { value: metrics.interChunkLatencyMs, unit: DISTRIBUTION_METRICS.inter_chunk_latency.unit };
  }
  return out;
}
