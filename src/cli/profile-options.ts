// The flags of `mmload profile`: aiperf's names and meanings, grouped as aiperf groups them.
import type { Argv } from 'yargs';

export function profileOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('model', { alias: ['m', 'model-names'], type: 'string', group: 'Endpoint:', describe: 'Model name; default: the first model the server lists at /v1/models' })
    .option('url', { alias: 'u', type: 'string', default: 'localhost:8000', group: 'Endpoint:', describe: 'Server URL; http:// is added when no scheme is given' })
    .option('endpoint', { alias: 'custom-endpoint', type: 'string', default: '/v1/chat/completions', group: 'Endpoint:', describe: 'Path of the chat completions endpoint' })
    .option('endpoint-type', { type: 'string', default: 'chat', choices: ['chat'], group: 'Endpoint:', describe: 'Endpoint type (aiperf); only chat' })
    .option('streaming', { type: 'boolean', default: true, group: 'Endpoint:', describe: 'Stream responses (the default; the flag is accepted for aiperf compatibility)' })
    .option('api-key', { type: 'string', group: 'Endpoint:', describe: 'Bearer token; default $OPENAI_API_KEY. Never written to results' })
    .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], group: 'Endpoint:', describe: 'Extra HTTP header "Name:Value" (repeatable)' })
    .option('request-timeout-seconds', { type: 'number', default: 600, group: 'Endpoint:', describe: 'Per-request deadline from send start' })
    .option('input-file', { type: 'string', group: 'Input:', describe: 'aiperf single_turn JSONL file (text/texts, image/images)' })
    .option('custom-dataset-type', { type: 'string', choices: ['single_turn'], group: 'Input:', describe: 'Format of --input-file (aiperf); single_turn' })
    .option('shared-system-prompt-length', { type: 'number', group: 'Input:', describe: 'One system prompt of exactly N tokens, shared by every request' })
    .option('extra-inputs', { type: 'string', array: true, default: [] as string[], group: 'Input:', describe: 'Body fields "key:value[,key:value]" or JSON (repeatable, aiperf coercion)' })
    .option('synthetic-input-tokens-mean', { alias: 'isl', type: 'number', default: 550, group: 'Input:', describe: 'Prompt tokens of each synthetic request (no --input-file)' })
    .option('output-tokens-mean', { alias: 'osl', type: 'number', group: 'Input:', describe: 'max_tokens of each request' })
    .option('tokenizer', { type: 'string', group: 'Input:', describe: 'tokenizer.json for client-side token counts; default: Qwen3' })
    .option('random-seed', { type: 'number', default: 0, group: 'Input:', describe: 'Seed for generated text' })
    .option('concurrency', { type: 'number', default: 1, group: 'Load:', describe: 'Requests kept in flight' })
    .option('request-count', { alias: 'num-requests', type: 'number', group: 'Load:', describe: 'Profiled requests; default: every line of --input-file once, else 10' })
    .option('warmup-request-count', { type: 'number', default: 0, group: 'Load:', describe: 'Requests sent first and left out of every metric' })
    .option('goodput', { type: 'string', group: 'Metrics:', describe: 'SLOs "time_to_first_token:200 inter_token_latency:20" (ms, inclusive): counts good requests and goodput' })
    .option('use-server-token-count', { type: 'boolean', default: false, group: 'Metrics:', describe: 'Token counts only from the server\'s usage, never the tokenizer' })
    .option('artifact-dir', { type: 'string', group: 'Output:', describe: 'Where results go; default results/<date>-<model>-c<concurrency>/' })
    .option('compat', { type: 'string', choices: ['aiperf'], group: 'Output:', describe: 'Also write results under aiperf\'s file names' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, group: 'Output:', describe: 'Print more about each stage' });
}
