// The flags of `mmload profile`: aiperf's names and meanings, grouped as aiperf groups them, plus mmload's workload flags.
import type { Argv } from 'yargs';
import { conversationOptions, type ConversationFlags } from './conversation-options.js';
import { gpuTelemetryOptions, type GpuTelemetryFlags } from './gpu-telemetry-options.js';
import { loadOptions, type LoadFlags } from './load-options.js';
import type { ServerMetricsFlags } from './server-metrics-flags.js';
import type { ShardFlags } from './shard-options.js';
import type { SliceFlags } from './slice-options.js';
import { workloadOptions, type WorkloadFlags } from './workload-options.js';

/** The flags as yargs parsed them (see profileOptions below, load-options.ts and workload-options.ts). */
export interface ProfileFlags extends WorkloadFlags, ConversationFlags, LoadFlags, ShardFlags, SliceFlags, GpuTelemetryFlags, ServerMetricsFlags {
  model?: string | readonly string[] | undefined; url?: string | readonly string[] | undefined; endpoint: string; sim: boolean; 'sim-speed': number;
  'sim-embedding-cache-gb': number; 'sim-max-num-seqs': number; 'sim-prefix-caching': boolean;
  'sim-mlperf-answer-accuracy'?: number | undefined; 'sim-mlperf-unparsable-rate'?: number | undefined; streaming?: boolean | undefined; 'api-key'?: string | undefined; header: string[];
  'request-timeout-seconds'?: number | undefined; 'session-header'?: string | undefined; 'input-file'?: string | undefined; 'custom-dataset-type'?: string | undefined; 'shared-system-prompt-length'?: number | undefined;
  'extra-inputs': string[]; 'output-tokens'?: number | undefined; 'output-tokens-mean'?: number | undefined; 'output-tokens-stddev'?: number | undefined;
  'model-selection-strategy'?: string | undefined; 'use-legacy-max-tokens'?: boolean | undefined; 'num-conversations'?: number | undefined;
  'mlperf-system-prompt'?: string | undefined; 'mlperf-guided-decoding'?: boolean | undefined; 'profile-export-prefix'?: string | undefined; 'export-level'?: string | undefined;
  tokenizer?: string | undefined; 'tokenizer-revision'?: string | undefined; 'random-seed'?: number | undefined; 'image-host': string; 'image-port': number; 'image-urls'?: string | undefined;
  'use-server-token-count': boolean; goodput?: string | undefined; 'artifact-dir'?: string | undefined;
  compat?: string | undefined; verbose: boolean; quiet?: boolean | undefined; workers?: string | undefined;
}

export function profileOptions<T>(yargs: Argv<T>) {
  return gpuTelemetryOptions(loadOptions(conversationOptions(workloadOptions(yargs))))
    .option('model', { alias: ['m', 'model-names'], type: 'string', array: true, group: 'Endpoint:', describe: 'Model name(s): repeat the flag or give a comma list; default: the first model the server lists at /v1/models' })
    .option('model-selection-strategy', { type: 'string', choices: ['round_robin', 'random'], default: 'round_robin', group: 'Endpoint:', describe: 'With several models: each dataset entry takes the next one in turn, or a seeded random one' })
    .option('url-strategy', { type: 'string', choices: ['round_robin'], default: 'round_robin', group: 'Endpoint:', describe: 'How requests spread over several --url: round robin, in the order they are issued' })
    .option('url', { alias: 'u', type: 'string', array: true, group: 'Endpoint:', describe: 'Server URL, default localhost:8000; http:// is added when no scheme is given. Several (--url a b, repeated, or a,b): requests go round robin over them' })
    .option('sim', { type: 'boolean', default: false, group: 'Simulator:', describe: 'Start the built-in Qwen3-VL simulator (mmload sim) on a free loopback port, profile it, stop it' })
    .option('sim-speed', { type: 'number', default: 10, group: 'Simulator:', describe: 'With --sim: run the simulated engine X times faster than real time' })
    .option('sim-embedding-cache-gb', { type: 'number', default: 10, group: 'Simulator:', describe: 'With --sim: embedding cache size in GB; 0 turns it off' })
    .option('sim-max-num-seqs', { type: 'number', default: 1024, group: 'Simulator:', describe: 'With --sim: requests in the running batch at most' })
    .option('sim-prefix-caching', { type: 'boolean', default: true, group: 'Simulator:', describe: 'With --sim: cache prompts\' KV blocks (--no-sim-prefix-caching turns it off)' })
    .option('sim-mlperf-answer-accuracy', { type: 'number', group: 'Simulator:', describe: 'With --sim: answer MLPerf Q3VL catalogue requests, the true category with probability P (mmload sim --mlperf-answer-accuracy)' })
    .option('sim-mlperf-unparsable-rate', { type: 'number', group: 'Simulator:', describe: 'With --sim and the above: the share of answers the scorer cannot parse' })
    .option('endpoint', { alias: 'custom-endpoint', type: 'string', default: '/v1/chat/completions', group: 'Endpoint:', describe: 'Path of the chat completions endpoint' })
    .option('endpoint-type', { type: 'string', default: 'chat', choices: ['chat'], group: 'Endpoint:', describe: 'Endpoint type (aiperf); only chat' })
    .option('streaming', { type: 'boolean', group: 'Endpoint:', describe: 'Stream responses (mmload profile: off unless given, as in aiperf; the bare command: on, --no-streaming turns it off)' })
    .option('api-key', { type: 'string', group: 'Endpoint:', describe: 'Bearer token; default $OPENAI_API_KEY. Never written to results' })
    .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], group: 'Endpoint:', describe: 'Extra HTTP header "Name:Value" (repeatable)' })
    .option('session-header', { type: 'string', group: 'Endpoint:', describe: 'Header carrying each session\'s id with every turn of a conversation (X-Correlation-ID)' })
    .option('request-timeout-seconds', { type: 'number', group: 'Endpoint:', describe: 'Per-request deadline from send start (mmload profile: 21600, as in aiperf; the bare command: 600)' })
    .option('use-legacy-max-tokens', { type: 'boolean', default: false, group: 'Endpoint:', describe: 'Send the token cap of --osl as max_tokens instead of max_completion_tokens' })
    .option('input-file', { type: 'string', group: 'Input:', describe: 'aiperf single_turn JSONL file (text/texts, image/images) instead of a generated workload' })
    .option('custom-dataset-type', { type: 'string', choices: ['single_turn', 'multi_turn', 'mooncake_trace', 'mlperf_q3vl'], group: 'Input:', describe: 'Format of --input-file (aiperf): single_turn (default; lines sharing a session_id run as sessions), multi_turn (conversations) or mooncake_trace; mlperf_q3vl: the MLPerf Q3VL product catalogue (JSONL, parquet files or their directory)' })
    .option('mlperf-system-prompt', { type: 'string', group: 'MLPerf:', describe: 'mlperf_q3vl: the reference\'s system prompt as a file (checked by sha256); default: mmload\'s stand-in, labelled as such' })
    .option('mlperf-guided-decoding', { type: 'boolean', group: 'MLPerf:', describe: 'mlperf_q3vl: send the answer\'s JSON schema as response_format, as the reference does with guided decoding on' })
    .option('shared-system-prompt-length', { type: 'number', group: 'Input:', describe: 'One system prompt of exactly N tokens, shared by every request (0: none)' })
    .option('extra-inputs', { type: 'string', array: true, default: [] as string[], group: 'Input:', describe: 'Body fields "key:value[,key:value]" or JSON (repeatable, aiperf coercion)' })
    .option('output-tokens', { type: 'number', group: 'Input:', describe: 'Force exactly N output tokens: max_tokens = min_tokens = N, ignore_eos (0: do not force)' })
    .option('output-tokens-mean', { alias: ['osl', 'prompt-output-tokens-mean'], type: 'number', group: 'Input:', describe: 'Token cap of each request, sent as max_completion_tokens (aiperf); none when not given' })
    .option('output-tokens-stddev', { alias: ['osl-stddev', 'prompt-output-tokens-stddev'], type: 'number', default: 0, group: 'Input:', describe: 'Spread of the token cap over requests (a normal draw per request, at least 1)' })
    .option('tokenizer', { type: 'string', group: 'Input:', describe: 'Tokenizer for client-side token counts: a tokenizer.json, a directory holding one, or a Hugging Face id (Qwen3 ids: the bundled tokenizer; others: the local HF cache); default: the model\'s' })
    .option('tokenizer-revision', { type: 'string', default: 'main', group: 'Input:', describe: 'Revision of a Hugging Face --tokenizer in the local cache (branch, tag or commit)' })
    .option('random-seed', { alias: 'seed', type: 'number', group: 'Input:', describe: 'Seed of everything generated (mmload profile: a random one, as in aiperf, written to the results; the bare command: 0)' })
    .option('num-conversations', { alias: ['conversation-num', 'num-sessions'], type: 'number', group: 'Input:', describe: 'Sessions to run (single requests: requests), and the conversations generated unless --num-dataset-entries' })
    .option('image-host', { type: 'string', default: '127.0.0.1', group: 'Input:', describe: 'With --image-mode http: address mmload serves images on, as the model server reaches it' })
    .option('image-port', { type: 'number', default: 0, group: 'Input:', describe: 'With --image-mode http: port for the image server (0: any free port)' })
    .option('image-urls', { type: 'string', group: 'Input:', describe: 'With --image-mode http: a file of image URLs (one per line) to use instead of serving images' })
    .option('goodput', { type: 'string', group: 'Metrics:', describe: 'SLOs "time_to_first_token:200 inter_token_latency:20" (ms, inclusive): counts good requests and goodput' })
    .option('server-metrics', { alias: 'server-metrics-url', type: 'string', array: true, group: 'Metrics:', describe: 'Scraped always: each --url\'s /metrics, before, every 0.333 s during (AIPERF_SERVER_METRICS_COLLECTION_INTERVAL) and after the run; URLs given here (host:port or URL, /metrics added) are scraped too. --no-server-metrics: none' })
    .option('server-metrics-formats', { type: 'string', array: true, group: 'Metrics:', describe: 'Which server metrics files to write: json, csv (the default) and jsonl (every scrape)' })
    .option('use-server-token-count', { type: 'boolean', default: false, group: 'Metrics:', describe: 'Token counts from the server\'s usage instead of the client tokenizer' })
    .option('artifact-dir', { alias: 'output-artifact-dir', type: 'string', group: 'Output:', describe: 'Where results go; default: artifacts/<model>-openai-chat-<load>/ (mmload profile, as aiperf) or results/<date>-<model>-c<concurrency>/ (the bare command)' })
    .option('compat', { type: 'string', choices: ['aiperf', 'none'], group: 'Output:', describe: 'aiperf: also write aiperf\'s files (profile_export_aiperf.json/.csv, profile_export.jsonl, inputs.json); default aiperf for mmload profile, none for the bare command' })
    .option('profile-export-prefix', { alias: 'profile-export-file', type: 'string', group: 'Output:', describe: 'Base name of aiperf\'s files: NAME.json, NAME.csv, NAME.jsonl' })
    .option('export-level', { alias: 'profile-export-level', type: 'string', choices: ['summary', 'records', 'raw'], default: 'records', group: 'Output:', describe: 'summary: no per-request aiperf file; records: profile_export.jsonl too (raw is not supported)' })
    .option('workers', { type: 'string', default: 'auto', group: 'Client:', describe: 'Client threads, each with its own connection pool: N, or auto (one per 256 connections, at most cores - 1; 1 = no worker threads)' })
    .option('verbose', { alias: ['v', 'extra-verbose', 'vv'], type: 'boolean', default: false, group: 'Output:', describe: 'Print more about each stage (-vv: the same)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, group: 'Output:', describe: 'No live progress while the run goes' });
}
