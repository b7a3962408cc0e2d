// The flags of `mmload profile`: aiperf's names and meanings, grouped as aiperf groups them, plus mmload's workload flags.
import type { Argv } from 'yargs';
import { loadOptions } from './load-options.js';
import { workloadOptions } from './workload-options.js';

export function profileOptions<T>(yargs: Argv<T>) {
  return loadOptions(workloadOptions(yargs))
    .option('model', { alias: ['m', 'model-names'], type: 'string', group: 'Endpoint:', describe: 'Model name; default: the first model the server lists at /v1/models' })
    .option('url', { alias: 'u', type: 'string', array: true, group: 'Endpoint:', describe: 'Server URL, default localhost:8000; http:// is added when no scheme is given. Several (--url a b, repeated, or a,b): requests go round robin over them' })
    .option('sim', { type: 'boolean', default: false, group: 'Simulator:', describe: 'Start the built-in Qwen3-VL simulator (mmload sim) on a free loopback port, profile it, stop it' })
    .option('sim-speed', { type: 'number', default: 10, group: 'Simulator:', describe: 'With --sim: run the simulated engine X times faster than real time' })
    .option('sim-embedding-cache-gb', { type: 'number', default: 10, group: 'Simulator:', describe: 'With --sim: embedding cache size in GB; 0 turns it off' })
    .option('sim-max-num-seqs', { type: 'number', default: 1024, group: 'Simulator:', describe: 'With --sim: requests in the running batch at most' })
    .option('sim-prefix-caching', { type: 'boolean', default: true, group: 'Simulator:', describe: 'With --sim: cache the shared system prompt (--no-sim-prefix-caching turns it off)' })
    .option('endpoint', { alias: 'custom-endpoint', type: 'string', default: '/v1/chat/completions', group: 'Endpoint:', describe: 'Path of the chat completions endpoint' })
    .option('endpoint-type', { type: 'string', default: 'chat', choices: ['chat'], group: 'Endpoint:', describe: 'Endpoint type (aiperf); only chat' })
    .option('streaming', { type: 'boolean', default: true, group: 'Endpoint:', describe: 'Stream responses (the default); --no-streaming sends requests that get one JSON reply' })
    .option('api-key', { type: 'string', group: 'Endpoint:', describe: 'Bearer token; default $OPENAI_API_KEY. Never written to results' })
    .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], group: 'Endpoint:', describe: 'Extra HTTP header "Name:Value" (repeatable)' })
    .option('request-timeout-seconds', { type: 'number', default: 600, group: 'Endpoint:', describe: 'Per-request deadline from send start' })
    .option('input-file', { type: 'string', group: 'Input:', describe: 'aiperf single_turn JSONL file (text/texts, image/images) instead of a generated workload' })
    .option('custom-dataset-type', { type: 'string', choices: ['single_turn', 'mooncake_trace'], group: 'Input:', describe: 'Format of --input-file (aiperf): single_turn (default) or mooncake_trace' })
    .option('shared-system-prompt-length', { type: 'number', group: 'Input:', describe: 'One system prompt of exactly N tokens, shared by every request (0: none)' })
    .option('extra-inputs', { type: 'string', array: true, default: [] as string[], group: 'Input:', describe: 'Body fields "key:value[,key:value]" or JSON (repeatable, aiperf coercion)' })
    .option('output-tokens', { type: 'number', group: 'Input:', describe: 'Force exactly N output tokens: max_tokens = min_tokens = N, ignore_eos (0: do not force)' })
    .option('output-tokens-mean', { alias: 'osl', type: 'number', group: 'Input:', describe: 'max_tokens of each request (aiperf)' })
    .option('tokenizer', { type: 'string', group: 'Input:', describe: 'Tokenizer for prompts and token counts: a tokenizer.json, a directory holding one, or a Hugging Face id (Qwen3 ids: bundled; others: from the local HF cache, never downloaded); default: the model\'s, else Qwen3' })
    .option('tokenizer-revision', { type: 'string', group: 'Input:', describe: 'Hugging Face revision (branch, tag or commit) of the tokenizer looked up in the local cache; default main' })
    .option('random-seed', { alias: 'seed', type: 'number', default: 0, group: 'Input:', describe: 'Seed of everything generated' })
    .option('image-host', { type: 'string', default: '127.0.0.1', group: 'Input:', describe: 'With --image-mode http: address mmload serves images on, as the model server reaches it' })
    .option('image-port', { type: 'number', default: 0, group: 'Input:', describe: 'With --image-mode http: port for the image server (0: any free port)' })
    .option('image-urls', { type: 'string', group: 'Input:', describe: 'With --image-mode http: a file of image URLs (one per line) to use instead of serving images' })
    .option('goodput', { type: 'string', group: 'Metrics:', describe: 'SLOs "time_to_first_token:200 inter_token_latency:20" (ms, inclusive): counts good requests and goodput' })
    .option('server-metrics-url', { type: 'string', group: 'Metrics:', describe: 'Prometheus endpoint scraped during the run; default <url>/metrics (its absence is fine)' })
    .option('use-server-token-count', { type: 'boolean', default: false, group: 'Metrics:', describe: 'Token counts only from the server\'s usage, never the tokenizer' })
    .option('artifact-dir', { type: 'string', group: 'Output:', describe: 'Where results go; default results/<date>-<model>-c<concurrency>/' })
    .option('compat', { type: 'string', choices: ['aiperf'], group: 'Output:', describe: 'Also write results under aiperf\'s file names' })
    .option('workers', { type: 'string', default: 'auto', group: 'Client:', describe: 'Client threads, each with its own connection pool: N, or auto (one per 256 connections, at most cores - 1; 1 = no worker threads)' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, group: 'Output:', describe: 'Print more about each stage' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, group: 'Output:', describe: 'No live progress while the run goes' });
}
