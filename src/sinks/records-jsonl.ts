// One JSON line per profiled request, in aiperf's profile_export.jsonl form plus mmload's own metadata.
import type { RequestRecord } from '../client/request-record.js';
import { DISTRIBUTION_METRICS } from '../metrics/catalog.js';
import { REQUEST_VALUE_TAGS, REQUEST_VALUES, deriveRequestMetrics } from '../metrics/request-metrics.js';
import type { TokenCounts } from '../metrics/token-counts.js';

interface MetricValue {
  readonly value: number | readonly number[];
  readonly unit: string;
}

/** Monotonic ms to integer epoch nanoseconds (microsecond precision: the clock's useful resolution). */
export function epochNs(ms: number, timeOrigin: number): bigint {
  return BigInt(Math.round((timeOrigin + ms) * 1000)) * 1000n;
}

/**
 * The lines for the profiling records (`counts[i]` belongs to `records[i]`), each ending in "\n".
 * session_num is the request's position in issue order among profiling requests.
 */
export function* recordLines(
  records: readonly RequestRecord[],
  counts: readonly TokenCounts[],
  timeOrigin: number = performance.timeOrigin,
): Generator<string> {
  let session = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.phase === 'profiling') yield `${recordJson(record, counts[i]!, session++, timeOrigin)}\n`;
  }
}

/** One record as a JSON line; epoch ns are written as bare integers, which JSON.stringify cannot do for bigint. */
function recordJson(record: RequestRecord, tokens: TokenCounts, session: number, timeOrigin: number): string {
  const ns = (ms: number | null): string => (ms === null ? 'null' : epochNs(ms, timeOrigin).toString());
  const cancelled = record.error?.type === 'cancelled';
  const metadata: [string, string][] = [
    ['session_num', String(session)],
    ['x_request_id', JSON.stringify(record.xRequestId)],
    ['request_start_ns', ns(record.startMs)],
    ['request_ack_ns', ns(record.headersMs)],
    ['request_end_ns', ns(record.endMs)],
    ['benchmark_phase', '"profiling"'],
    ['was_cancelled', String(cancelled)],
    ['cancellation_time_ns', ns(cancelled ? record.endMs : null)],
    ['request_index', String(record.requestIndex)],
    ['request_body_sent_ns', ns(record.bodySentMs)],
    ['http_status', JSON.stringify(record.status)],
    ['finish_reason', JSON.stringify(record.finishReason)],
    ['body_bytes', String(record.bodyBytes)],
    ['response_bytes', String(record.responseBytes)],
    ['osl_source', JSON.stringify(tokens.oslSource)],
    ['isl_source', JSON.stringify(tokens.islSource)],
  ];
  const metadataJson = `{${metadata.map(([key, value]) => `"${key}":${value}`).join(',')}}`;
  const error = record.error && { code: record.error.code, type: record.error.type, message: record.error.message };
  return `{"metadata":${metadataJson},"metrics":${JSON.stringify(metricsOf(record, tokens))},"error":${JSON.stringify(error)}}`;
}

/** A success's metrics by tag in display units; a failure carries only error_isl (or null when its ISL is unknown). */
function metricsOf(record: RequestRecord, tokens: TokenCounts): Record<string, MetricValue> | null {
  if (record.error) {
    return tokens.isl === null ? null : { error_isl: { value: tokens.isl, unit: DISTRIBUTION_METRICS.error_isl.unit } };
  }
  const metrics = deriveRequestMetrics(record, tokens);
  const out: Record<string, MetricValue> = {};
  for (const tag of REQUEST_VALUE_TAGS) {
    const value = REQUEST_VALUES[tag](metrics);
    if (value !== null) out[tag] = { value, unit: DISTRIBUTION_METRICS[tag].unit };
  }
  if (metrics.interChunkLatencyMs.length > 0) {
    out.inter_chunk_latency = { value: metrics.interChunkLatencyMs, unit: DISTRIBUTION_METRICS.inter_chunk_latency.unit };
  }
  return out;
}
