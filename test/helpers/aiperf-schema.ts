// A strict reader of aiperf 0.8's export files (schema 1.5), written from its schema, not from mmload's code: drift fails.
// Each check returns the problems it found ([] when the file is valid), so a test shows them all at once.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** How aiperf computes a metric: one value per request (a distribution), a counter, or derived from others. */
type MetricKind = 'record' | 'aggregate' | 'derived';

interface AiperfMetric {
  readonly header: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Written per record in profile_export.jsonl (not NO_INDIVIDUAL_RECORDS, not derived). */
  readonly perRecord: boolean;
}

const record = (header: string, unit: string): AiperfMetric => ({ header, unit, kind: 'record', perRecord: true });
const counter = (header: string, perRecord = false): AiperfMetric => ({ header, unit: 'requests', kind: 'aggregate', perRecord });
const derived = (header: string, unit: string): AiperfMetric => ({ header, unit, kind: 'derived', perRecord: false });

/** aiperf 0.8's metrics that an OpenAI chat run can produce: tag → CSV header, display unit, kind. */
export const AIPERF_METRICS: Readonly<Record<string, AiperfMetric>> = {
  request_latency: record('Request Latency', 'ms'),
  time_to_first_token: record('Time to First Token', 'ms'),
  time_to_second_token: record('Time to Second Token', 'ms'),
  inter_token_latency: record('Inter Token Latency', 'ms'),
  inter_chunk_latency: record('Inter Chunk Latency', 'ms'),
  output_token_throughput_per_user: record('Output Token Throughput Per User', 'tokens/sec/user'),
  output_sequence_length: record('Output Sequence Length', 'tokens'),
  input_sequence_length: record('Input Sequence Length', 'tokens'),
  output_token_count: record('Output Token Count', 'tokens'),
  reasoning_token_count: record('Reasoning Token Count', 'tokens'),
  error_isl: record('Error Input Sequence Length', 'tokens'),
  decode_duration: record('Decode Duration', 'ms'),
  time_to_first_output_token: record('Time to First Output Token', 'ms'),
  e2e_output_token_throughput: record('E2E Output Token Throughput', 'tokens/sec/user'),
  usage_prompt_tokens: record('Usage Prompt Tokens', 'tokens'),
  usage_completion_tokens: record('Usage Completion Tokens', 'tokens'),
  usage_total_tokens: record('Usage Total Tokens', 'tokens'),
  usage_reasoning_tokens: record('Usage Reasoning Tokens', 'tokens'),
  usage_prompt_cache_read_tokens: record('Usage Prompt Cache Read Tokens', 'tokens'),
  usage_prompt_cache_write_tokens: record('Usage Prompt Cache Write Tokens', 'tokens'),
  usage_prompt_cache_miss_tokens: record('Usage Prompt Cache Miss Tokens', 'tokens'),
  usage_prompt_tokens_diff_pct: record('Usage Prompt Diff', '%'),
  usage_completion_tokens_diff_pct: record('Usage Completion Diff', '%'),
  usage_reasoning_tokens_diff_pct: record('Usage Reasoning Diff', '%'),
  osl_mismatch_diff_pct: record('OSL Mismatch Diff', '%'),
  request_count: counter('Request Count'),
  error_request_count: counter('Error Request Count'),
  good_request_count: counter('Good Request Count', true),
  usage_discrepancy_count: counter('Usage Discrepancy Count'),
  osl_mismatch_count: counter('OSL Mismatch Count'),
  min_request_timestamp: { header: 'Minimum Request Timestamp', unit: 'ns', kind: 'aggregate', perRecord: false },
  max_response_timestamp: { header: 'Maximum Response Timestamp', unit: 'ns', kind: 'aggregate', perRecord: false },
  request_throughput: derived('Request Throughput', 'requests/sec'),
  output_token_throughput: derived('Output Token Throughput', 'tokens/sec'),
  total_token_throughput: derived('Total Token Throughput', 'tokens/sec'),
  goodput: derived('Goodput', 'requests/sec'),
  benchmark_duration: derived('Benchmark Duration', 'sec'),
  total_isl: derived('Total Input Sequence Length', 'tokens'),
  total_osl: derived('Total Output Sequence Length', 'tokens'),
  total_output_tokens: derived('Total Output Tokens', 'tokens'),
  total_reasoning_tokens: derived('Total Reasoning Tokens', 'tokens'),
  total_error_isl: derived('Total Error Input Sequence Length', 'tokens'),
  // Power efficiency, from GPU telemetry (the CSV's header ends with the GPU count: "Total GPU Energy (2 GPUs) (J)").
  total_gpu_power: derived('Total GPU Power', 'W'),
  total_gpu_energy: derived('Total GPU Energy', 'J'),
  output_tokens_per_joule: derived('Output Tokens per Joule', 'tokens/J'),
  energy_per_output_token: derived('Energy Per Output Token', 'mJ/token'),
};

/** The metric fields JsonExportData declares, in declaration order (they keep this order in the file). */
const DECLARED_METRICS = [
  'request_throughput', 'request_latency', 'request_count', 'time_to_first_token', 'time_to_second_token', 'inter_token_latency',
  'output_token_throughput', 'output_token_throughput_per_user', 'output_sequence_length', 'input_sequence_length', 'goodput',
  'good_request_count', 'output_token_count', 'reasoning_token_count', 'min_request_timestamp', 'max_response_timestamp',
  'inter_chunk_latency', 'total_output_tokens', 'total_reasoning_tokens', 'benchmark_duration', 'total_isl', 'total_osl',
  'error_request_count', 'error_isl', 'total_error_isl',
];

/** Top-level keys that are not metric blocks. */
const NON_METRIC_KEYS = new Set([
  'schema_version', 'aiperf_version', 'benchmark_id', 'telemetry_data', 'input_config', 'run_info', 'was_cancelled', 'is_complete',
  'incomplete_reason', 'error_summary', 'start_time', 'end_time', 'branch_stats', 'warmup_metrics',
  'pooled_spec_decode_acceptance_histogram', 'runtime_submission_invalid_reasons', 'metadata',
]);

/** A metric block's keys, in their order. */
const BLOCK_KEYS = ['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum'];

/** The CSV's statistics columns. */
const CSV_STATS = ['avg', 'min', 'max', 'sum', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'std'];

/** MetricRecordMetadata's fields in declaration order, and the required ones. */
const METADATA_KEYS = [
  'request_num', 'session_num', 'x_request_id', 'x_correlation_id', 'conversation_id', 'turn_index', 'credit_issued_ns',
  'credit_received_ns', 'request_start_ns', 'request_ack_ns', 'request_end_ns', 'worker_id', 'record_processor_id',
  'benchmark_phase', 'was_cancelled', 'cancellation_time_ns', 'clock_offset_ns',
];
const METADATA_REQUIRED = ['session_num', 'request_start_ns', 'request_end_ns', 'worker_id', 'record_processor_id', 'benchmark_phase'];
const METADATA_STRINGS = new Set(['x_request_id', 'x_correlation_id', 'conversation_id', 'worker_id', 'record_processor_id', 'benchmark_phase']);

/** input_config's sections (BenchmarkConfig) and the fields of those mmload writes. */
const CONFIG_SECTIONS = new Set([
  'models', 'endpoint', 'datasets', 'phases', 'endpoint_profiles', 'artifacts', 'slos', 'tokenizer', 'gpu_telemetry', 'server_metrics',
  'network_latency', 'otel', 'mlflow', 'wandb', 'runtime', 'failure_policy', 'logging', 'metrics', 'accuracy', 'scenario', 'unsafe_override',
]);
const ENDPOINT_FIELDS = new Set([
  'urls', 'url_strategy', 'type', 'path', 'api_key', 'timeout', 'streaming', 'transport', 'connection_reuse', 'http2', 'ssl_verify', 'uds_path',
  'connection_limit', 'keepalive_timeout', 'use_legacy_max_tokens', 'use_server_token_count', 'template', 'headers', 'extra',
  'download_video_content', 'request_content_type', 'session_header', 'uuid_and_strip', 'wait_for_model_timeout', 'wait_for_model_interval',
  'wait_for_model_mode',
]);
const PHASE_FIELDS = new Set(['name', 'type', 'concurrency', 'prefill_concurrency', 'rate', 'requests', 'duration', 'sessions', 'users', 'grace_period', 'smoothness']);
const PHASE_TYPES = new Set(['concurrency', 'poisson', 'constant', 'gamma', 'fixed_schedule', 'user_centric']);
const ARTIFACT_FIELDS = new Set([
  'dir', 'prefix', 'summary', 'records', 'raw', 'trace', 'slice_duration', 'show_trace_timing', 'user_files', 'auto_plot', 'plot_required',
  'export_outputs_json',
]);
const RUN_INFO_FIELDS = ['benchmark_id', 'sweep_id', 'random_seed', 'trial', 'run_label', 'variation_label', 'variation_index', 'variation_values', 'cli_command'];
const ERROR_FIELDS = new Set(['code', 'type', 'message', 'cause', 'cause_chain', 'details']);

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?$/;
const TWO_DECIMALS = /^-?\d+\.\d\d$/;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Every path in `value` that holds null. */
export function nullPaths(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullPaths(item, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value as object).flatMap(([key, item]) => nullPaths(item, `${path}.${key}`));
  return [];
}

/** A metric block: unit and statistics in aiperf's order; all of them for a per-request metric, unit and avg otherwise. */
function checkBlock(tag: string, block: unknown, where: string): string[] {
  if (!isObject(block)) return [`${where}.${tag}: not a metric block`];
  const problems: string[] = [];
  const keys = Object.keys(block);
  const unknown = keys.filter((k) => !BLOCK_KEYS.includes(k));
  if (unknown.length > 0) problems.push(`${where}.${tag}: unknown keys ${unknown.join(', ')}`);
  const ordered = BLOCK_KEYS.filter((k) => keys.includes(k));
  if (unknown.length === 0 && keys.join() !== ordered.join()) problems.push(`${where}.${tag}: keys out of order: ${keys.join(', ')}`);
  if (typeof block.unit !== 'string') problems.push(`${where}.${tag}: unit is not a string`);
  const metric = AIPERF_METRICS[tag];
  if (!metric) problems.push(`${where}.${tag}: not an aiperf metric`);
  else if (block.unit !== metric.unit) problems.push(`${where}.${tag}: unit ${String(block.unit)}, aiperf's is ${metric.unit}`);
  const expected = 'p50' in block ? BLOCK_KEYS : ['unit', 'avg'];
  if (keys.join() !== expected.join() && unknown.length === 0) problems.push(`${where}.${tag}: has ${keys.join(', ')}, expected ${expected.join(', ')}`);
  if (metric && (metric.kind === 'record') !== ('p50' in block)) problems.push(`${where}.${tag}: a ${metric.kind} metric ${'p50' in block ? 'with' : 'without'} statistics`);
  for (const key of keys.filter((k) => k !== 'unit')) {
    const value = block[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${where}.${tag}.${key}: not a finite number`);
  }
  if ('count' in block && !(isInteger(block.count) && block.count > 0)) problems.push(`${where}.${tag}.count: not a positive integer`);
  return problems;
}

/** profile_export_aiperf.json, schema 1.5. */
export function checkAiperfJson(json: unknown): string[] {
  if (!isObject(json)) return ['profile_export_aiperf.json: not an object'];
  const problems: string[] = nullPaths(json).map((p) => `${p}: null`);
  const need = (key: string, ok: (v: Json) => boolean, what: string) => {
    if (!(key in json)) problems.push(`${key}: missing`);
    else if (!ok(json[key]!)) problems.push(`${key}: not ${what}`);
  };
  need('schema_version', (v) => v === '1.5', '"1.5"');
  need('aiperf_version', (v) => typeof v === 'string' && /^\d+\.\d+\.\d+/.test(v), 'a version string');
  need('benchmark_id', (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v), 'a UUID');
  need('input_config', isObject, 'an object');
  need('run_info', isObject, 'an object');
  need('was_cancelled', (v) => typeof v === 'boolean', 'a boolean');
  need('error_summary', Array.isArray, 'an array');
  need('start_time', (v) => typeof v === 'string' && ISO_TIME.test(v), 'an ISO time');
  need('end_time', (v) => typeof v === 'string' && ISO_TIME.test(v), 'an ISO time');
  if ('runtime_submission_invalid_reasons' in json) {
    const reasons = json.runtime_submission_invalid_reasons;
    if (!Array.isArray(reasons) || !reasons.every((r) => typeof r === 'string')) problems.push('runtime_submission_invalid_reasons: not a list of strings');
  }
  if ('metrics' in json) problems.push('metrics: a top-level "metrics" key breaks aiperf plot');
  const keys = Object.keys(json);
  for (const key of keys.filter((k) => !NON_METRIC_KEYS.has(k))) problems.push(...checkBlock(key, json[key], '$'));
  // Declared metrics keep their declaration order, before the run facts; undeclared ones come after all declared fields.
  const declared = keys.filter((k) => DECLARED_METRICS.includes(k));
  if (declared.join() !== DECLARED_METRICS.filter((k) => declared.includes(k)).join()) problems.push(`declared metrics out of order: ${declared.join(', ')}`);
  const configAt = keys.indexOf('input_config');
  if (declared.some((k) => keys.indexOf(k) > configAt)) problems.push('a declared metric after input_config');
  const extras = keys.filter((k) => !NON_METRIC_KEYS.has(k) && !DECLARED_METRICS.includes(k));
  if (extras.some((k) => keys.indexOf(k) < keys.indexOf('end_time'))) problems.push('an undeclared metric before the declared fields end');
  if (isObject(json.run_info)) problems.push(...checkRunInfo(json.run_info, json.benchmark_id));
  if (isObject(json.input_config)) problems.push(...checkInputConfig(json.input_config));
  if (Array.isArray(json.error_summary)) {
    for (const [i, item] of json.error_summary.entries()) {
      if (!isObject(item) || Object.keys(item).join() !== 'error_details,count') problems.push(`error_summary[${i}]: not {error_details, count}`);
      else {
        problems.push(...checkErrorDetails(item.error_details, `error_summary[${i}].error_details`));
        if (!isInteger(item.count) || item.count < 1) problems.push(`error_summary[${i}].count: not a positive integer`);
      }
    }
  }
  return problems;
}

function checkRunInfo(info: JsonObject, benchmarkId: Json | undefined): string[] {
  const problems: string[] = [];
  const keys = Object.keys(info);
  const unknown = keys.filter((k) => !RUN_INFO_FIELDS.includes(k));
  if (unknown.length > 0) problems.push(`run_info: unknown keys ${unknown.join(', ')}`);
  if (keys.join() !== RUN_INFO_FIELDS.filter((k) => keys.includes(k)).join()) problems.push(`run_info: keys out of order: ${keys.join(', ')}`);
  if (info.benchmark_id !== benchmarkId) problems.push('run_info.benchmark_id differs from benchmark_id');
  if (!isInteger(info.trial) || info.trial < 0) problems.push('run_info.trial: not an integer >= 0');
  if ('random_seed' in info && !(isInteger(info.random_seed) && info.random_seed >= 0)) problems.push('run_info.random_seed: not an integer >= 0');
  if (typeof info.cli_command !== 'string') problems.push('run_info.cli_command: not a string');
  return problems;
}

/** input_config: aiperf's config v2 (BenchmarkConfig), as aiperf plot and a config reload read it. */
function checkInputConfig(config: JsonObject): string[] {
  const problems: string[] = [];
  const unknownIn = (where: string, object: JsonObject, allowed: Set<string>) => {
    const unknown = Object.keys(object).filter((k) => !allowed.has(k));
    if (unknown.length > 0) problems.push(`${where}: unknown keys ${unknown.join(', ')}`);
  };
  unknownIn('input_config', config, CONFIG_SECTIONS);
  for (const section of ['models', 'endpoint', 'datasets', 'phases']) if (!(section in config)) problems.push(`input_config.${section}: missing`);
  const models = config.models;
  const items = isObject(models) ? models.items : undefined;
  if (!Array.isArray(items) || items.length === 0 || !items.every((m) => isObject(m) && typeof m.name === 'string')) {
    problems.push('input_config.models.items: not a non-empty list of {name}');
  }
  const endpoint = config.endpoint;
  if (isObject(endpoint)) {
    unknownIn('input_config.endpoint', endpoint, ENDPOINT_FIELDS);
    if (!Array.isArray(endpoint.urls) || endpoint.urls.length === 0 || !endpoint.urls.every((u) => typeof u === 'string')) problems.push('input_config.endpoint.urls: not a non-empty list of strings');
    if (typeof endpoint.type !== 'string') problems.push('input_config.endpoint.type: not a string');
    if ('streaming' in endpoint && typeof endpoint.streaming !== 'boolean') problems.push('input_config.endpoint.streaming: not a boolean');
    if ('timeout' in endpoint && !(typeof endpoint.timeout === 'number' && endpoint.timeout >= 0)) problems.push('input_config.endpoint.timeout: not a number >= 0');
    if ('headers' in endpoint && !(isObject(endpoint.headers) && Object.values(endpoint.headers).every((v) => typeof v === 'string'))) problems.push('input_config.endpoint.headers: not {name: value}');
    if ('extra' in endpoint && !isObject(endpoint.extra)) problems.push('input_config.endpoint.extra: not an object');
  } else problems.push('input_config.endpoint: not an object');
  const datasets = config.datasets;
  if (!Array.isArray(datasets) || datasets.length !== 1 || !isObject(datasets[0]) || typeof datasets[0].name !== 'string' || typeof datasets[0].type !== 'string') {
    problems.push('input_config.datasets: not one {name, type}');
  }
  const phases = config.phases;
  if (!Array.isArray(phases) || phases.length === 0) problems.push('input_config.phases: not a non-empty list');
  else {
    const names = new Set<string>();
    for (const [i, phase] of phases.entries()) {
      if (!isObject(phase)) {
        problems.push(`input_config.phases[${i}]: not an object`);
        continue;
      }
      unknownIn(`input_config.phases[${i}]`, phase, PHASE_FIELDS);
      if (typeof phase.name !== 'string' || names.has(phase.name)) problems.push(`input_config.phases[${i}].name: missing or repeated`);
      else names.add(phase.name);
      if (typeof phase.type !== 'string' || !PHASE_TYPES.has(phase.type)) problems.push(`input_config.phases[${i}].type: not a phase type`);
      for (const key of ['concurrency', 'requests', 'sessions']) if (key in phase && !(isInteger(phase[key]) && (phase[key] as number) >= 1)) problems.push(`input_config.phases[${i}].${key}: not an integer >= 1`);
      for (const key of ['rate', 'duration', 'grace_period']) if (key in phase && !(typeof phase[key] === 'number' && (phase[key] as number) >= 0)) problems.push(`input_config.phases[${i}].${key}: not a number >= 0`);
      if (phase.type !== 'fixed_schedule' && !['requests', 'duration', 'sessions'].some((k) => k in phase)) problems.push(`input_config.phases[${i}]: no requests, duration or sessions`);
    }
    if (!names.has('profiling')) problems.push('input_config.phases: no phase named profiling (aiperf plot reads it)');
  }
  if ('artifacts' in config) {
    if (isObject(config.artifacts)) unknownIn('input_config.artifacts', config.artifacts, ARTIFACT_FIELDS);
    else problems.push('input_config.artifacts: not an object');
  }
  return problems;
}

/** An error object: message required, code an integer, the rest strings. */
function checkErrorDetails(error: unknown, where: string): string[] {
  if (!isObject(error)) return [`${where}: not an object`];
  const problems: string[] = [];
  const unknown = Object.keys(error).filter((k) => !ERROR_FIELDS.has(k));
  if (unknown.length > 0) problems.push(`${where}: unknown keys ${unknown.join(', ')}`);
  if (typeof error.message !== 'string') problems.push(`${where}.message: missing or not a string`);
  if ('code' in error && !isInteger(error.code)) problems.push(`${where}.code: not an integer`);
  if ('type' in error && typeof error.type !== 'string') problems.push(`${where}.type: not a string`);
  return problems;
}

/** profile_export_aiperf.csv, and its agreement with the JSON's metric blocks. */
export function checkAiperfCsv(csv: string, json: JsonObject): string[] {
  const problems: string[] = [];
  if (!csv.endsWith('\r\n')) problems.push('csv: does not end with CRLF');
  if (csv.replace(/\r\n/g, '').includes('\n') || csv.replace(/\r\n/g, '').includes('\r')) problems.push('csv: a line not ended by CRLF');
  const lines = csv.split('\r\n').slice(0, -1);
  const byHeader = new Map(Object.entries(AIPERF_METRICS).map(([tag, m]) => [rowName(m), tag]));
  const blocks = Object.entries(json).filter(([key, value]) => !NON_METRIC_KEYS.has(key) && isObject(value)) as [string, JsonObject][];
  const seen = new Map<string, string[]>();
  let section: 'stats' | 'values' | null = null;
  let lastTag = '';
  for (const [n, line] of lines.entries()) {
    const cells = line.split(',');
    if (line === '' && lines[n + 1] === '') break; // the GPU telemetry section (checked by gpu-telemetry.test.ts)
    if (line === `Metric,${CSV_STATS.join(',')}`) {
      if (n !== 0) problems.push(`csv line ${n + 1}: the statistics header is not the first line`);
      section = 'stats';
      lastTag = '';
    } else if (line === 'Metric,Value') {
      if (n > 0 && lines[n - 1] !== '') problems.push(`csv line ${n + 1}: no blank line before the values section`);
      section = 'values';
      lastTag = '';
    } else if (line === '') {
      if (section !== 'stats' || lines[n + 1] !== 'Metric,Value') problems.push(`csv line ${n + 1}: a blank line out of place`);
    } else if (section === null) {
      problems.push(`csv line ${n + 1}: a row before any header`);
    } else {
      const tag = byHeader.get(cells[0]!.replace(/ \(\d+ GPUs?\)(?= \()/, ''));
      const width = section === 'stats' ? CSV_STATS.length + 1 : 2;
      if (tag === undefined) problems.push(`csv line ${n + 1}: unknown metric "${cells[0]}"`);
      else {
        if (tag <= lastTag) problems.push(`csv line ${n + 1}: ${tag} not sorted after ${lastTag}`);
        lastTag = tag;
        seen.set(tag, cells.slice(1));
        if ((section === 'stats') !== (AIPERF_METRICS[tag]!.kind === 'record')) problems.push(`csv line ${n + 1}: ${tag} in the wrong section`);
      }
      if (cells.length !== width) problems.push(`csv line ${n + 1}: ${cells.length} cells, expected ${width}`);
      for (const cell of cells.slice(1)) if (!TWO_DECIMALS.test(cell)) problems.push(`csv line ${n + 1}: "${cell}" is not a number with 2 decimals`);
    }
  }
  for (const [tag, block] of blocks) {
    const cells = seen.get(tag);
    if (!cells) {
      problems.push(`csv: no row for ${tag}`);
      continue;
    }
    const stats = 'p50' in block ? CSV_STATS : ['avg'];
    for (const [i, key] of stats.entries()) {
      if (cells[i] !== undefined && Math.abs(Number(cells[i]) - (block[key] as number)) > 0.005 + Math.abs(block[key] as number) * 1e-12) {
        problems.push(`csv: ${tag} ${key} is ${cells[i]}, the JSON has ${String(block[key])}`);
      }
    }
  }
  for (const tag of seen.keys()) if (!(tag in json)) problems.push(`csv: ${tag} has a row but no JSON block`);
  return problems;
}

/** The CSV's row name: the header, with the unit in parentheses unless it counts requests. */
function rowName(metric: AiperfMetric): string {
  return ['requests', 'count'].includes(metric.unit.toLowerCase()) ? metric.header : `${metric.header} (${metric.unit})`;
}

/** One line of profile_export.jsonl, held to what aiperf plot's reader accepts, and then to the field types. */
export function checkAiperfJsonlLine(line: string, where: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return [`${where}: not JSON`];
  }
  if (!isObject(parsed)) return [`${where}: not an object`];
  const problems: string[] = nullPaths(parsed).map((p) => `${where} ${p}: null`);
  if (line !== JSON.stringify(parsed)) problems.push(`${where}: not compact JSON`);
  const unknown = Object.keys(parsed).filter((k) => !['metadata', 'metrics', 'trace_data', 'spec_decode_acceptance', 'error'].includes(k));
  if (unknown.length > 0) problems.push(`${where}: unknown keys ${unknown.join(', ')}`);
  const { metadata, metrics } = parsed;
  if (!isObject(metadata)) problems.push(`${where}.metadata: missing or not an object`);
  else {
    const keys = Object.keys(metadata);
    const unknownMeta = keys.filter((k) => !METADATA_KEYS.includes(k));
    if (unknownMeta.length > 0) problems.push(`${where}.metadata: unknown keys ${unknownMeta.join(', ')}`);
    for (const key of METADATA_REQUIRED) if (!(key in metadata)) problems.push(`${where}.metadata.${key}: missing`);
    if (keys.join() !== METADATA_KEYS.filter((k) => keys.includes(k)).join()) problems.push(`${where}.metadata: keys out of order`);
    for (const [key, value] of Object.entries(metadata)) {
      const ok = key === 'was_cancelled' ? value === true : METADATA_STRINGS.has(key) ? typeof value === 'string' : isInteger(value) && value >= 0;
      if (!ok) problems.push(`${where}.metadata.${key}: ${JSON.stringify(value)} is not ${key === 'was_cancelled' ? 'true (false is left out)' : METADATA_STRINGS.has(key) ? 'a string' : 'an integer >= 0'}`);
    }
    if (!['warmup', 'profiling'].includes(metadata.benchmark_phase as string)) problems.push(`${where}.metadata.benchmark_phase: not warmup or profiling`);
    if (isInteger(metadata.request_end_ns) && isInteger(metadata.request_start_ns) && metadata.request_end_ns < metadata.request_start_ns) problems.push(`${where}.metadata: ends before it starts`);
  }
  if (!isObject(metrics)) problems.push(`${where}.metrics: missing or not an object`);
  else {
    for (const [tag, entry] of Object.entries(metrics)) {
      const metric = AIPERF_METRICS[tag];
      if (!metric || !metric.perRecord) problems.push(`${where}.metrics.${tag}: not a per-record aiperf metric`);
      if (!isObject(entry) || Object.keys(entry).join() !== 'value,unit') {
        problems.push(`${where}.metrics.${tag}: not {value, unit}`);
        continue;
      }
      const numeric = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
      if (!(numeric(entry.value) || (Array.isArray(entry.value) && entry.value.every(numeric)))) problems.push(`${where}.metrics.${tag}.value: not a number`);
      if (metric && entry.unit !== metric.unit) problems.push(`${where}.metrics.${tag}.unit: ${String(entry.unit)}, aiperf's is ${metric.unit}`);
    }
  }
  if ('error' in parsed) {
    problems.push(...checkErrorDetails(parsed.error, `${where}.error`));
    if (isObject(metrics) && Object.keys(metrics).some((k) => k !== 'error_isl')) problems.push(`${where}: a failed record with success metrics`);
  }
  return problems;
}

/** profile_export.jsonl: compact lines, each valid, the file ending in a newline, at least one line (aiperf plot needs one). */
export function checkAiperfJsonl(text: string): string[] {
  if (!text.endsWith('\n')) return ['jsonl: does not end with a newline'];
  const lines = text.slice(0, -1).split('\n');
  if (lines.length === 0 || lines[0] === '') return ['jsonl: no records'];
  return lines.flatMap((line, i) => checkAiperfJsonlLine(line, `jsonl line ${i + 1}`));
}

/** inputs.json: {"data": [{"session_id", "payloads": [chat bodies]}]}, laid out as aiperf writes it (2-space indent). */
export function checkInputsJson(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return ['inputs.json: not JSON'];
  }
  const problems: string[] = [];
  if (text !== JSON.stringify(parsed, null, 2)) problems.push('inputs.json: not laid out with 2-space indentation and no final newline');
  if (!isObject(parsed) || Object.keys(parsed).join() !== 'data' || !Array.isArray(parsed.data) || parsed.data.length === 0) {
    return [...problems, 'inputs.json: not {"data": [...]} with at least one session'];
  }
  const ids = new Set<string>();
  for (const [i, session] of parsed.data.entries()) {
    if (!isObject(session) || Object.keys(session).join() !== 'session_id,payloads') {
      problems.push(`inputs.json data[${i}]: not {session_id, payloads}`);
      continue;
    }
    if (typeof session.session_id !== 'string' || ids.has(session.session_id)) problems.push(`inputs.json data[${i}].session_id: not a unique string`);
    else ids.add(session.session_id);
    if (!Array.isArray(session.payloads) || session.payloads.length === 0) {
      problems.push(`inputs.json data[${i}].payloads: not a non-empty list`);
      continue;
    }
    for (const [j, payload] of session.payloads.entries()) {
      const at = `inputs.json data[${i}].payloads[${j}]`;
      if (!isObject(payload)) problems.push(`${at}: not an object`);
      else {
        if (typeof payload.model !== 'string') problems.push(`${at}.model: not a string`);
        if (typeof payload.stream !== 'boolean') problems.push(`${at}.stream: not a boolean`);
        const messages = payload.messages;
        if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => isObject(m) && typeof m.role === 'string' && 'content' in m)) {
          problems.push(`${at}.messages: not a list of {role, content}`);
        }
      }
    }
  }
  return problems;
}
