// The servers mmload knows by their metric names (vLLM, SGLang, Dynamo, NVIDIA NIM, TensorRT-LLM), their families' topics and key figures.

export type ServerKind = 'vLLM' | 'SGLang' | 'Dynamo frontend' | 'Dynamo worker' | 'Dynamo' | 'NVIDIA NIM' | 'TensorRT-LLM';

/** Name prefixes, the more specific first. */
const PREFIXES: readonly [string, ServerKind][] = [
  ['vllm:', 'vLLM'], ['sglang:', 'SGLang'], ['trtllm:', 'TensorRT-LLM'],
  ['dynamo_frontend_', 'Dynamo frontend'], ['dynamo_component_', 'Dynamo worker'], ['dynamo_', 'Dynamo'],
];

/** NVIDIA NIM for LLMs writes vLLM's names without the `vllm:` prefix (at /v1/metrics). */
const NIM_FAMILIES = new Set([
  'gpu_cache_usage_perc', 'num_requests_running', 'num_requests_waiting', 'num_request_max', 'prompt_tokens', 'generation_tokens',
  'time_to_first_token_seconds', 'time_per_output_token_seconds', 'e2e_request_latency_seconds', 'request_prompt_tokens',
  'request_generation_tokens', 'request_success', 'request_finish',
]);

/** The server a family's name belongs to; null for one mmload does not know. */
export function serverOf(family: string): ServerKind | null {
  for (const [prefix, server] of PREFIXES) if (family.startsWith(prefix)) return server;
  return NIM_FAMILIES.has(family) ? 'NVIDIA NIM' : null;
}

/** What a known family is about, from its name; the first pattern that matches names it. */
const TOPICS: readonly [RegExp, string][] = [
  [/mm_cache_/, 'multimodal cache'],
  [/encoder_cache/, 'encoder cache'],
  [/embedding_cache_/, 'embedding cache'],
  [/prefix_cache|cache_hit_rate/, 'prefix cache'],
  [/kv_cache_usage|gpu_cache_usage|token_usage$|kvstats_gpu_cache_usage/, 'KV cache usage'],
  [/num_requests_running|num_running_reqs$|inflight_requests/, 'requests running'],
  [/num_requests_waiting|num_queue_reqs$|queued_requests/, 'requests waiting'],
  [/time_to_first_token/, 'time to first token'],
  [/inter_token_latency|time_per_output_token/, 'time per output token'],
  [/e2e_request_latency|frontend_request_duration/, 'end-to-end latency'],
  [/queue_time/, 'queue time'],
  [/preemption/, 'preemptions'],
];

/** What a known family is about ("multimodal cache", "time to first token", …); null when its name does not say. */
export function topicOf(family: string): string | null {
  return TOPICS.find(([pattern]) => pattern.test(family))?.[1] ?? null;
}

/** The families each key figure is read from, in order of preference: the first one an endpoint writes is read. */
export const KEY_FAMILIES = {
  running: ['vllm:num_requests_running', 'sglang:num_running_reqs', 'num_requests_running', 'dynamo_frontend_inflight_requests'],
  waiting: ['vllm:num_requests_waiting', 'sglang:num_queue_reqs', 'num_requests_waiting', 'dynamo_frontend_queued_requests'],
  kvCacheUsage: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc', 'sglang:token_usage', 'gpu_cache_usage_perc', 'dynamo_component_kvstats_gpu_cache_usage_percent'],
  mmCacheQueries: ['vllm:mm_cache_queries'],
  mmCacheHits: ['vllm:mm_cache_hits'],
  prefixCacheQueries: ['vllm:prefix_cache_queries'],
  prefixCacheHits: ['vllm:prefix_cache_hits'],
  embeddingCacheHits: ['dynamo_component_embedding_cache_hits'],
  embeddingCacheMisses: ['dynamo_component_embedding_cache_misses'],
  embeddingCacheEvictions: ['dynamo_component_embedding_cache_evictions'],
  ttft: ['vllm:time_to_first_token_seconds', 'sglang:time_to_first_token_seconds', 'time_to_first_token_seconds', 'trtllm:time_to_first_token_seconds', 'dynamo_frontend_time_to_first_token_seconds'],
  tpot: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds', 'sglang:inter_token_latency_seconds', 'time_per_output_token_seconds', 'trtllm:time_per_output_token_seconds', 'dynamo_frontend_inter_token_latency_seconds'],
  e2e: ['vllm:e2e_request_latency_seconds', 'sglang:e2e_request_latency_seconds', 'e2e_request_latency_seconds', 'trtllm:e2e_request_latency_seconds', 'dynamo_frontend_request_duration_seconds'],
  queueTime: ['vllm:request_queue_time_seconds', 'sglang:queue_time_seconds', 'trtllm:request_queue_time_seconds'],
} as const satisfies Record<string, readonly string[]>;

export type KeyFigure = keyof typeof KEY_FAMILIES;

/** The key histograms the console and summary.json report, with their names there. */
export const KEY_HISTOGRAMS = { ttft: 'TTFT', tpot: 'TPOT', e2e: 'e2e', queueTime: 'queue' } as const satisfies Partial<Record<KeyFigure, string>>;
