// One JSON line per profiled request: records.jsonl (aiperf's profile_export.jsonl form plus mmload's extras), aiperf's own form, and back.
import type { RequestError, RequestRecord } from '../client/request-record.js';
import { DISTRIBUTION_METRICS, VALUE_METRICS, type DistributionTag, type MetricInfo } from '../metrics/catalog.js';
import { meetsSlos, type Slos } from '../metrics/goodput.js';
import { REQUEST_VALUE_TAGS, REQUEST_VALUES, deriveRequestMetrics } from '../metrics/request-metrics.js';
import type { TokenCounts } from '../metrics/token-counts.js';
import { epochNs } from '../util/epoch-now.js';
import { sessionIdOf } from '../workload/session-groups.js';
import { aiperfErrorDetails } from './aiperf-errors.js';

export interface MetricValue {
  readonly value: number | readonly number[];
  readonly unit: string;
}

export interface RecordLineOptions {
  /** Goodput SLOs, when given: each success then carries good_request_count 1 or 0, as in aiperf. */
  readonly slos?: Slos | undefined;
  /** performance.timeOrigin of the process that measured the records. */
  readonly timeOrigin?: number;
}

/** aiperf's names for the one worker and record processor of an mmload run. */
const WORKER_ID = 'worker_0';
const RECORD_PROCESSOR_ID = 'record_processor_0';

/** aiperf's metadata keys, in its declaration order; records.jsonl adds mmload's after them. */
const AIPERF_METADATA = new Set(['session_num', 'x_request_id', 'x_correlation_id', 'conversation_id', 'turn_index', 'request_start_ns',
  'request_ack_ns', 'request_end_ns', 'worker_id', 'record_processor_id', 'benchmark_phase', 'was_cancelled', 'cancellation_time_ns']);

/**
 * A profiling record as one records.jsonl line (ending in "\n"): metadata keys in aiperf's declaration order, then
 * mmload's own; an optional key left out when it has no value (was_cancelled only when true); metrics by tag; and
 * `error` on failures only. `sessionNum` is the request's position in issue order among the profiling requests (each
 * single-turn request is a session). Epoch ns are written as bare integers, which JSON.stringify cannot do for bigint.
 */
export function recordLine(record: RequestRecord, tokens: TokenCounts, sessionNum: number, options: RecordLineOptions): string {
  const timeOrigin = options.timeOrigin ?? performance.timeOrigin;
  const ns = (ms: number): string => epochNs(ms, timeOrigin).toString();
  const cancelled = record.error?.type === 'cancelled';
  const metadata: [string, string | null][] = [
    ['session_num', String(sessionNum)],
    ['x_request_id', record.xRequestId ? JSON.stringify(record.xRequestId) : null],
    ['x_correlation_id', record.session ? JSON.stringify(record.session.correlationId) : record.xRequestId ? JSON.stringify(record.xRequestId) : null],
    ['conversation_id', JSON.stringify(record.session?.conversationId ?? sessionIdOf(record.requestIndex))],
    ['turn_index', String(record.session?.turnIndex ?? 0)],
    ['request_start_ns', ns(record.startMs)],
    ['request_ack_ns', record.headersMs === null ? null : ns(record.headersMs)],
    ['request_end_ns', ns(record.endMs)],
    ['worker_id', JSON.stringify(WORKER_ID)],
    ['record_processor_id', JSON.stringify(RECORD_PROCESSOR_ID)],
    ['benchmark_phase', '"profiling"'],
    ['was_cancelled', cancelled ? 'true' : null],
    ['cancellation_time_ns', cancelled ? ns(record.endMs) : null],
    // mmload's own, after aiperf's.
    ['request_index', String(record.requestIndex)],
    ['conversation_turns', record.session ? String(record.session.turnCount) : null],
    ['request_intended_ns', record.intendedMs === null ? null : ns(record.intendedMs)],
    ['request_body_sent_ns', record.bodySentMs === null ? null : ns(record.bodySentMs)],
    ['http_status', record.status === null ? null : String(record.status)],
    ['finish_reason', record.finishReason === null ? null : JSON.stringify(record.finishReason)],
    ['body_bytes', String(record.bodyBytes)],
    ['response_bytes', String(record.responseBytes)],
    ['osl_source', tokens.oslSource === null ? null : JSON.stringify(tokens.oslSource)],
    ['isl_source', tokens.islSource === null ? null : JSON.stringify(tokens.islSource)],
    ['image_ids', record.imageIds === undefined || record.imageIds.length === 0 ? null : `[${record.imageIds.join(',')}]`],
  ];
  const metadataJson = `{${metadata.filter(([, value]) => value !== null).map(([key, value]) => `"${key}":${value}`).join(',')}}`;
  const line = `{"metadata":${metadataJson},"metrics":${JSON.stringify(metricsOf(record, tokens, options.slos))}`;
  if (!record.error) return `${line}}\n`;
  const { code, type, message } = record.error;
  return `${line},"error":${JSON.stringify({ ...(code === null ? {} : { code }), type, message })}}\n`;
}

/**
 * A records.jsonl line as aiperf's profile_export.jsonl has it (its readers require exactly this): aiperf's metadata
 * keys only, its metrics only (no inter-chunk gap lists, which aiperf writes only when asked for per-chunk data), and
 * its error names. Epoch ns stay exact: they are read as text, never as (53-bit) numbers.
 */
export function aiperfLine(line: string): string {
  const parsed = parseRecordLine(line);
  const metadata = Object.entries(parsed.metadata).filter(([key]) => AIPERF_METADATA.has(key))
    .map(([key, value]) => `"${key}":${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}`);
  const metrics = Object.fromEntries(Object.entries(parsed.metrics).filter(([tag]) => isAiperfMetric(tag)));
  const head = `{"metadata":{${metadata.join(',')}},"metrics":${JSON.stringify(metrics)}`;
  return parsed.error ? `${head},"error":${JSON.stringify(aiperfErrorDetails(parsed.error))}}\n` : `${head}}\n`;
}

function isAiperfMetric(tag: string): boolean {
  if (tag === 'good_request_count' || tag === 'error_isl') return true;
  const info = DISTRIBUTION_METRICS[tag as DistributionTag] as MetricInfo | undefined;
  return info !== undefined && info.aiperf && tag !== 'inter_chunk_latency';
}

/** One records.jsonl line, parsed: `_ns` metadata as bigint (exact), the rest as JSON gives it. */
export interface ParsedRecordLine {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  readonly error: RequestError | null;
}

/** Parses a line this module wrote; throws a SyntaxError on anything else (a truncated last line, say). */
export function parseRecordLine(line: string): ParsedRecordLine {
  // An epoch ns has 19 digits, past a double's 53 bits: quoted before parsing, turned into bigint after.
  const json = JSON.parse(line.replace(NS_FIELD, '"$1":"$2"')) as { metadata?: Record<string, unknown>; metrics?: Record<string, MetricValue>; error?: RequestError };
  if (typeof json.metadata !== 'object' || json.metadata === null || typeof json.metrics !== 'object' || json.metrics === null) {
    throw new SyntaxError('not an mmload record line');
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json.metadata)) metadata[key] = key.endsWith('_ns') && typeof value === 'string' ? BigInt(value) : value;
  const error = json.error ? { code: json.error.code ?? null, type: json.error.type, message: json.error.message } : null;
  return { metadata, metrics: json.metrics, error };
}

/** A line's request_start_ns, read without parsing the line; null when it has none. */
export function startNsOf(line: string): bigint | null {
  const match = START_NS.exec(line);
  return match ? BigInt(match[1]!) : null;
}

const START_NS = /"request_start_ns":(\d+)/;

/** A line's session_num and image_ids (empty when it has none), read without parsing the line, as startNsOf. */
export function sessionImagesOf(line: string): { readonly sessionNum: number; readonly imageIds: readonly number[] } {
  const ids = IMAGE_IDS.exec(line)?.[1];
  return { sessionNum: Number(SESSION_NUM.exec(line)?.[1] ?? 0), imageIds: ids ? ids.split(',').map(Number) : [] };
}

const SESSION_NUM = /"session_num":(\d+)/;
const IMAGE_IDS = /"image_ids":\[([\d,]+)\]/;

/** A metadata key ending in _ns and its integer value; inside a JSON string a key's quotes are escaped, so never matched there. */
const NS_FIELD = /"(\w+_ns)":(\d+)/g;

/**
 * A success's per-request metrics by tag, in display units; a failure's only error_isl (when its ISL is known), so
 * `{}` at least, never null. The inter-chunk gaps come last.
 */
function metricsOf(record: RequestRecord, tokens: TokenCounts, slos: Slos | undefined): Record<string, MetricValue> {
  if (record.error) {
    return tokens.isl === null ? {} : { error_isl: { value: tokens.isl, unit: DISTRIBUTION_METRICS.error_isl.unit } };
  }
  const metrics = deriveRequestMetrics(record, tokens);
  const out: Record<string, MetricValue> = {};
  for (const tag of REQUEST_VALUE_TAGS) {
    const value = REQUEST_VALUES[tag](metrics);
    if (value !== null) out[tag] = { value, unit: DISTRIBUTION_METRICS[tag].unit };
  }
  // aiperf counts good requests per record (1 or 0): its good_request_count is no run-level-only metric.
  if (slos) out.good_request_count = { value: meetsSlos(metrics, slos) ? 1 : 0, unit: VALUE_METRICS.good_request_count.unit };
  if (metrics.interChunkLatencyMs.length > 0) {
    out.inter_chunk_latency = { value: metrics.interChunkLatencyMs, unit: DISTRIBUTION_METRICS.inter_chunk_latency.unit };
  }
  return out;
}
