// The exposition parser: samples line by line, and families grouped by TYPE/HELP on recorded-style vLLM, SGLang, Dynamo and NIM bodies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFamilies, type HistogramFamily, type MetricFamily, type ScalarFamily } from '../src/server-metrics/families.js';
import { parseExposition } from '../src/server-metrics/parse.js';
import { serverOf, topicOf } from '../src/server-metrics/catalogue.js';
import { inferUnit } from '../src/server-metrics/units.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', 'server-metrics', name), 'utf8');
const byName = (families: readonly MetricFamily[]): Map<string, MetricFamily> => new Map(families.map((f) => [f.name, f]));
const QWEN = 'Qwen/Qwen3-VL-30B-A3B-Instruct';

describe('parseExposition', () => {
  it('reads labels holding commas, quotes, braces and escapes, skips comments, keeps +Inf buckets and special values', () => {
    const text = [
      '# HELP vllm:ttft Time to first token, in seconds {with braces} and "quotes".',
      '# TYPE vllm:ttft histogram',
      '#a comment without a space',
      '',
      'vllm:ttft_bucket{model_name="a,b=c",le="0.5"} 1.0',
      '  vllm:ttft_bucket{ model_name = "say \\"hi\\", {ok}" , le="+Inf" , } +Inf 1700000000000',
      'vllm:ttft_sum{path="C:\\\\dir",note="two\\nlines"} NaN',
      'vllm:ttft_count -Inf # {trace_id="abc"} 1.0',
      'vllm:ttft_created{} 1.7e9\t',
      '# EOF',
    ].join('\n');
    expect(parseExposition(text)).toEqual([
      { name: 'vllm:ttft_bucket', labels: { model_name: 'a,b=c', le: '0.5' }, value: 1 },
      { name: 'vllm:ttft_bucket', labels: { model_name: 'say "hi", {ok}', le: '+Inf' }, value: Infinity },
      { name: 'vllm:ttft_sum', labels: { path: 'C:\\dir', note: 'two\nlines' }, value: NaN },
      { name: 'vllm:ttft_count', labels: {}, value: -Infinity },
      { name: 'vllm:ttft_created', labels: {}, value: 1.7e9 },
    ]);
  });

  it('skips malformed lines and keeps the rest, reads only the names asked for, and stops at # EOF', () => {
    const text = ['x{a="unclosed} 1', 'x{a=b} 1', 'x{1a="v"} 1', 'x', 'x{a="v"} one', '9x 1', 'y{a="v"} 2', 'z 3', '# EOF', 'w 4'].join('\n');
    expect(parseExposition(text)).toEqual([{ name: 'y', labels: { a: 'v' }, value: 2 }, { name: 'z', labels: {}, value: 3 }]);
    expect(parseExposition(text, (name) => name === 'z')).toEqual([{ name: 'z', labels: {}, value: 3 }]);
  });
});

describe('parseFamilies on a vLLM body (prometheus_client text format)', () => {
  const families = byName(parseFamilies(fixture('vllm.prom')));

  it('keeps each labelled histogram series apart, buckets by le as written, le out of the labels', () => {
    const ttft = families.get('vllm:time_to_first_token_seconds') as HistogramFamily;
    expect(ttft.type).toBe('histogram');
    expect(ttft.help).toBe('Histogram of time to first token in seconds.');
    expect(ttft.series.map((s) => s.labels)).toEqual([{ engine: '0', model_name: QWEN }, { engine: '1', model_name: QWEN }]);
    expect(ttft.series.map((s) => [s.sum, s.count, s.buckets.get('0.1'), s.buckets.get('+Inf')])).toEqual([[118.25, 800, 402, 800], [96.5, 770, 501, 770]]);
    expect([...ttft.series[0]!.buckets.keys()]).toEqual(['0.001', '0.005', '0.01', '0.02', '0.04', '0.06', '0.08', '0.1', '0.25', '0.5', '0.75', '1.0', '+Inf']);
  });

  it('names a `# TYPE x_total counter` family x, keeps its series, and leaves the _created gauges as families of their own', () => {
    const success = families.get('vllm:request_success') as ScalarFamily;
    expect(success.type).toBe('counter');
    expect(success.series.map((s) => [s.labels.finished_reason, s.value])).toEqual([['stop', 790], ['length', 10], ['abort', 0]]);
    expect((families.get('vllm:prefix_cache_queries') as ScalarFamily).series.map((s) => s.value)).toEqual([1845632, 1791120]);
    expect(families.get('vllm:prefix_cache_queries_created')?.type).toBe('gauge');
    expect(families.get('vllm:time_to_first_token_seconds_created')?.type).toBe('gauge');
    expect(families.get('python_gc_objects_collected')?.type).toBe('counter');
    expect((families.get('process_resident_memory_bytes') as ScalarFamily).series).toEqual([{ labels: {}, value: 4712038400 }]);
    expect(families.get('vllm:cache_config_info')).toMatchObject({ type: 'gauge', series: [{ labels: { block_size: '16', num_gpu_blocks: '26872' }, value: 1 }] });
  });

  it('names the servers and topics it knows, and infers aiperf\'s units', () => {
    expect([...families.keys()].map(serverOf)).toContain('vLLM');
    expect(serverOf('python_gc_objects_collected')).toBeNull();
    expect(topicOf('vllm:mm_cache_hits')).toBe('multimodal cache');
    expect(topicOf('vllm:kv_cache_usage_perc')).toBe('KV cache usage');
    expect(inferUnit('vllm:kv_cache_usage_perc', families.get('vllm:kv_cache_usage_perc')!.help)).toBe('ratio');
    expect(inferUnit('vllm:time_to_first_token_seconds', 'Histogram of time to first token in seconds.')).toBe('seconds');
    expect(inferUnit('vllm:request_success', 'Count of successfully processed requests.')).toBe('requests');
    expect(inferUnit('vllm:prompt_tokens', 'Number of prefill tokens processed.')).toBe('tokens');
    expect(inferUnit('vllm:num_preemptions', 'Cumulative number of preemption from the engine.')).toBeNull();
    expect(inferUnit('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).')).toBe('megabytes');
  });
});

describe('parseFamilies on SGLang, Dynamo and NIM bodies', () => {
  it('SGLang: gauges, `_total` counters and histograms, including a le="0.0" bucket', () => {
    const families = byName(parseFamilies(fixture('sglang.prom')));
    expect([...families.values()].map((f) => [f.name, f.type, serverOf(f.name)])).toEqual([
      ['sglang:num_running_reqs', 'gauge', 'SGLang'], ['sglang:num_queue_reqs', 'gauge', 'SGLang'], ['sglang:token_usage', 'gauge', 'SGLang'],
      ['sglang:cache_hit_rate', 'gauge', 'SGLang'], ['sglang:gen_throughput', 'gauge', 'SGLang'], ['sglang:prompt_tokens', 'counter', 'SGLang'],
      ['sglang:generation_tokens', 'counter', 'SGLang'], ['sglang:time_to_first_token_seconds', 'histogram', 'SGLang'], ['sglang:queue_time_seconds', 'histogram', 'SGLang'],
    ]);
    expect((families.get('sglang:queue_time_seconds') as HistogramFamily).series[0]!.buckets).toEqual(new Map([['0.0', 0], ['0.1', 1900], ['+Inf', 2000]]));
  });

  it('Dynamo: frontend and worker families, integer values, counters named without _total', () => {
    const frontend = byName(parseFamilies(fixture('dynamo-frontend.prom')));
    const requests = frontend.get('dynamo_frontend_requests') as ScalarFamily;
    expect(requests.series.map((s) => [s.labels.status, s.value])).toEqual([['success', 1520], ['error', 3]]);
    expect(serverOf('dynamo_frontend_requests')).toBe('Dynamo frontend');
    expect((frontend.get('dynamo_frontend_time_to_first_token_seconds') as HistogramFamily).series[0]).toMatchObject({ sum: 121.6, count: 1520, labels: { model: 'qwen/qwen3-vl-30b-a3b-instruct' } });
    const worker = byName(parseFamilies(fixture('dynamo-worker.prom')));
    expect([...worker.keys()]).toEqual(['dynamo_component_requests', 'dynamo_component_inflight_requests', 'dynamo_component_kvstats_gpu_cache_usage_percent',
      'dynamo_component_embedding_cache_hits', 'dynamo_component_embedding_cache_misses', 'dynamo_component_embedding_cache_evictions',
      'dynamo_component_request_duration_seconds']);
    expect(serverOf('dynamo_component_embedding_cache_hits')).toBe('Dynamo worker');
    expect(topicOf('dynamo_component_embedding_cache_misses')).toBe('embedding cache');
  });

  it('NIM in OpenMetrics: `# TYPE x counter` with x_total samples, _created dropped, exemplars and timestamps read past, a summary, # EOF', () => {
    const families = byName(parseFamilies(fixture('nim.openmetrics')));
    expect([...families.keys()]).toEqual(['num_requests_running', 'gpu_cache_usage_perc', 'prompt_tokens', 'request_success', 'time_to_first_token_seconds', 'request_latency_seconds']);
    expect(families.get('prompt_tokens')).toMatchObject({ type: 'counter', series: [{ value: 88123 }] });
    expect((families.get('num_requests_running') as ScalarFamily).series[0]!.value).toBe(6);
    expect((families.get('request_success') as ScalarFamily).series[0]!.labels.note).toBe('a "quoted", {braced}\\path\nline');
    const ttft = families.get('time_to_first_token_seconds') as HistogramFamily;
    expect(ttft).toMatchObject({ unit: 'seconds', series: [{ sum: 9.875, count: 41 }] });
    expect(ttft.series[0]!.buckets).toEqual(new Map([['0.1', 10], ['0.5', 38], ['+Inf', 41]]));
    expect(families.get('request_latency_seconds')).toMatchObject({ type: 'summary', series: [{ sum: 55, count: 41, quantiles: new Map([['0.5', 1.2], ['0.99', 3.4]]) }] });
    expect(serverOf('gpu_cache_usage_perc')).toBe('NVIDIA NIM');
  });

  it('makes an untyped family of a sample no TYPE line claims, and keeps a series written twice at its last value', () => {
    const families = parseFamilies(['# TYPE a gauge', 'a 1', 'a 2', 'loose_total{x="1"} 5', 'loose_total{x="1"} 6'].join('\n'));
    expect(families).toEqual([
      { name: 'a', type: 'gauge', help: '', unit: null, series: [{ labels: {}, value: 2 }] },
      { name: 'loose_total', type: 'untyped', help: '', unit: null, series: [{ labels: { x: '1' }, value: 6 }] },
    ]);
  });
});
