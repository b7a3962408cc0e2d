// The settings of `mmload sim`, their defaults, and their validation.

export interface SimOptions {
  /** Default 127.0.0.1 (loopback only). */
  host: string;
  /** Default 8000 (vLLM's); 0 picks a free port. */
  port: number;
  /** Served model name: listed at /v1/models; a request naming another model gets a 404. */
  model: string;
  /** Seeds every random choice: stop lengths and faults (request k uses stream k of the seed). */
  seed: number;
  /** Requests in the running batch at most (vLLM's --max-num-seqs). */
  maxNumSeqs: number;
  /** Embedding cache size in GB (10^9 bytes); 0 disables it. */
  embeddingCacheGb: number;
  /** Prefix cache of prompts' KV blocks (vLLM's --enable-prefix-caching, on by default). */
  prefixCaching: boolean;
  /** Time scale: 10 runs every engine time, stall and slow-read pause ten times faster. */
  speed: number;
  /** Share of requests answered 500 or 503 with an error body. */
  failRate: number;
  /** Share answered 429. */
  rejectRate: number;
  /** Share whose connection is dropped mid-stream. */
  resetRate: number;
  /** Length of a stall at --speed 1. */
  stallMs: number;
  /** Share that pause stallMs before their first token or inside the stream. */
  stallRate: number;
  /** Share whose stream carries a broken SSE event, then ends. */
  malformedRate: number;
  /** Read every request body slowly: a pause after each chunk received. */
  slowRead: boolean;
  /** Ground-truth JSONL, one line per chat request; null for none. */
  trace: string | null;
  /** Answer MLPerf Q3VL catalogue requests with the true category at this rate (catalogue-answer.ts); null: off. */
  mlperfAnswerAccuracy: number | null;
  /** Share of catalogue answers the scorer cannot parse (with mlperfAnswerAccuracy). */
  mlperfUnparsableRate: number;
}

export const SIM_DEFAULTS: SimOptions = {
  host: '127.0.0.1',
  port: 8000,
  model: 'Qwen/Qwen3-VL-30B-A3B-Instruct-FP8',
  seed: 0,
  maxNumSeqs: 1024,
  embeddingCacheGb: 10,
  prefixCaching: true,
  speed: 1,
  failRate: 0,
  rejectRate: 0,
  resetRate: 0,
  stallMs: 2000,
  stallRate: 0,
  malformedRate: 0,
  slowRead: false,
  trace: null,
  mlperfAnswerAccuracy: null,
  mlperfUnparsableRate: 0,
};

const RATES = ['failRate', 'rejectRate', 'resetRate', 'stallRate', 'malformedRate'] as const;

/** The defaults overlaid with `options`; throws one Error listing every invalid setting. */
export function resolveSimOptions(options: Partial<SimOptions>): SimOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: SimOptions = { ...SIM_DEFAULTS, ...defined };
  const problems: string[] = [];
  const { port, maxNumSeqs, embeddingCacheGb, speed, stallMs } = resolved;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port must be an integer in 0..65535 (got ${port})`);
  if (!Number.isInteger(resolved.seed)) problems.push(`seed must be an integer (got ${resolved.seed})`);
  if (!Number.isInteger(maxNumSeqs) || maxNumSeqs < 1) problems.push(`max-num-seqs must be a positive integer (got ${maxNumSeqs})`);
  if (!(embeddingCacheGb >= 0)) problems.push(`embedding-cache-gb must be >= 0 (got ${embeddingCacheGb})`);
  if (!(speed > 0) || !Number.isFinite(speed)) problems.push(`speed must be a positive number (got ${speed})`);
  if (!(stallMs >= 0)) problems.push(`stall-ms must be >= 0 (got ${stallMs})`);
  for (const name of RATES) {
    const rate = resolved[name];
    if (!(rate >= 0 && rate <= 1)) problems.push(`${kebab(name)} must be in 0..1 (got ${rate})`);
  }
  const total = RATES.reduce((sum, name) => sum + resolved[name], 0);
  if (total > 1 + 1e-9) problems.push(`the fault rates add up to ${total}; at most 1 (one fault per request)`);
  const { mlperfAnswerAccuracy: accuracy, mlperfUnparsableRate: unparsable } = resolved;
  if (accuracy !== null && !(accuracy >= 0 && accuracy <= 1)) problems.push(`mlperf-answer-accuracy must be in 0..1 (got ${accuracy})`);
  if (!(unparsable >= 0 && unparsable <= 1)) problems.push(`mlperf-unparsable-rate must be in 0..1 (got ${unparsable})`);
  else if (unparsable > 0 && accuracy === null) problems.push('mlperf-unparsable-rate needs mlperf-answer-accuracy (the simulator answers catalogue requests only with it)');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return resolved;
}

/** `maxNumSeqs` → `max-num-seqs`: the flag of an option. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
