// Turns parsed flags into a validated ProfileConfig, reporting every problem at once as one UsageError.
import { UsageError } from './exit-codes.js';
import { parseExtraInputs } from '../workload/extra-inputs.js';
import { parseSlos, type Slos } from '../metrics/goodput.js';
import { PRESETS, type PresetName } from '../workload/presets.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import { secretValues } from './redact.js';
import { exactly } from '../workload/draw.js';
import { MMLOAD_DEFAULTS, resolveBlockSize, resolveGeneratedSpec } from './workload-config.js';
import { resolveLoad, type LoadConfig } from './load-config.js';
import type { LoadFlags } from './load-options.js';
import { parseShard, shardLoad, type ShardPlan } from './shard.js';
import type { ShardFlags } from './shard-options.js';
import { parseStartAt } from './start-at.js';
import type { WorkloadFlags } from './workload-options.js';

/** The built-in simulator to run and profile instead of a server at --url (`--sim`). */
export interface SimTarget {
  readonly speed: number;
  readonly embeddingCacheGb: number;
  readonly maxNumSeqs: number;
  readonly prefixCaching: boolean;
}

export interface ProfileConfig {
  /** Scheme, host and port, e.g. http://localhost:8000. */
  readonly origin: string;
  /** Path of the chat endpoint, with any base path of --url in front. */
  readonly endpointPath: string;
  /** Path of the models listing next to the endpoint. */
  readonly modelsPath: string;
  readonly model: string | undefined;
  /** Headers for every request, Authorization included. Secret: never saved (see redact.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every secret value given (API key, secret header values), used or not: redacted wherever they would be saved. */
  readonly secrets: readonly string[];
  readonly requestTimeoutMs: number;
  /** The preset in force, if any. */
  readonly preset: PresetName | undefined;
  /** Everything about what is sent but the model, which may come from the server. */
  readonly workload: Omit<WorkloadSpec, 'models'>;
  /** Closed-loop concurrency (--concurrency or the preset's); the load shape below decides how it is used. */
  readonly concurrency: number;
  readonly load: LoadConfig;
  readonly useServerTokenCount: boolean;
  /** Prometheus metrics of the server, scraped before, during and after the profiled phase. */
  readonly serverMetricsUrl: string;
  /** Goodput SLOs by metric tag; undefined when --goodput is not given. */
  readonly goodput: Slos | undefined;
  readonly artifactDir: string | undefined;
  readonly aiperfNames: boolean;
  readonly verbose: boolean;
  /** No live progress. */
  readonly quiet: boolean;
  /** Set with --sim: origin is then the simulator's, known once it listens. */
  readonly sim: SimTarget | undefined;
  /** --workers: client threads, or 'auto' (chosen from the connections and cores once the load is known). */
  readonly workers: number | 'auto';
  /** --shard: this process runs shard i of N; load and concurrency above are then its share. */
  readonly shard: ShardPlan | undefined;
  /** --start-at in epoch ms: when the profiled phase starts. */
  readonly startAtMs: number | undefined;
}

/** The flags as yargs parsed them (see profile-options.ts, load-options.ts and workload-options.ts). */
export interface ProfileFlags extends WorkloadFlags, LoadFlags, ShardFlags {
  model?: string | undefined; url?: string | undefined; endpoint: string; sim: boolean; 'sim-speed': number;
  'sim-embedding-cache-gb': number; 'sim-max-num-seqs': number; 'sim-prefix-caching': boolean; streaming: boolean; 'api-key'?: string | undefined; header: string[];
  'request-timeout-seconds': number; 'input-file'?: string | undefined; 'custom-dataset-type'?: string | undefined; 'shared-system-prompt-length'?: number | undefined;
  'extra-inputs': string[]; 'output-tokens'?: number | undefined; 'output-tokens-mean'?: number | undefined;
  tokenizer?: string | undefined; 'random-seed': number; 'image-host': string; 'image-port': number; 'image-urls'?: string | undefined;
  'use-server-token-count': boolean; 'server-metrics-url'?: string | undefined; goodput?: string | undefined; 'artifact-dir'?: string | undefined;
  compat?: string | undefined; verbose: boolean; quiet?: boolean | undefined; workers?: string | undefined;
}

/** What profile does without flags or a preset: Scenario A's shape for a generated workload. */
const DEFAULT_SHAPE = PRESETS['scenario-a'];

export function resolveProfileConfig(flags: ProfileFlags, env: NodeJS.ProcessEnv = process.env): ProfileConfig {
  const problems: string[] = [];
  const integer = (name: string, value: number | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < min) problems.push(`--${name} must be an integer >= ${min} (got ${value})`);
    return value;
  };
  if (flags.sim && flags.url !== undefined) problems.push('give --sim or --url, not both');
  const { origin, basePath } = parseUrl(flags.url ?? 'localhost:8000', problems);
  const positive = (name: string, value: number) => {
    if (!(value > 0)) problems.push(`--${name} must be > 0 (got ${value})`);
  };
  positive('sim-speed', flags['sim-speed']);
  if (!(flags['sim-embedding-cache-gb'] >= 0)) problems.push(`--sim-embedding-cache-gb must be >= 0 (got ${flags['sim-embedding-cache-gb']})`);
  integer('sim-max-num-seqs', flags['sim-max-num-seqs'], 1);
  const endpoint = flags.endpoint.startsWith('/') ? flags.endpoint : `/${flags.endpoint}`;
  const headers = parseHeaders(flags.header, problems);
  const apiKey = flags['api-key'] ?? env.OPENAI_API_KEY;
  if (apiKey && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
    headers.Authorization = `Bearer ${apiKey}`;
  }
  let extraInputs: Record<string, unknown> = {};
  try {
    extraInputs = parseExtraInputs(flags['extra-inputs']);
  } catch (err) {
    problems.push((err as Error).message);
  }
  let goodput: Slos | undefined;
  if (flags.goodput !== undefined) {
    const parsed = parseSlos(flags.goodput);
    problems.push(...parsed.problems);
    goodput = parsed.slos;
  }
  const timeout = flags['request-timeout-seconds'];
  if (!(timeout > 0)) problems.push(`--request-timeout-seconds must be > 0 (got ${timeout})`);

  const preset = flags.preset === undefined ? undefined : PRESETS[flags.preset as PresetName];
  // A generated workload takes Scenario A's numbers for whatever neither a flag nor a preset sets.
  const inputFile = flags['input-file'];
  const shape = preset ?? (inputFile === undefined ? DEFAULT_SHAPE : undefined);
  const requestCount = integer('request-count', flags['request-count'], 1) ?? (inputFile === undefined ? undefined : preset?.requests);
  const generated = resolveGeneratedSpec(flags, shape, MMLOAD_DEFAULTS, requestCount, problems);
  const maxTokens = integer('output-tokens-mean', flags['output-tokens-mean'], 1);
  const forcedFlag = integer('output-tokens', flags['output-tokens'], 0);
  if (maxTokens !== undefined && forcedFlag !== undefined) problems.push('give --osl (max_tokens only) or --output-tokens (exact length), not both');
  // An explicit --osl means aiperf's max_tokens-only semantics, so a preset's forced length steps aside.
  const forced = forcedFlag ?? (maxTokens === undefined ? shape?.outputTokens : undefined);
  const systemPrompt = integer('shared-system-prompt-length', flags['shared-system-prompt-length'], 0) ?? shape?.systemPromptTokens ?? undefined;
  const imageMode = flags['image-mode'] ?? 'base64';
  if (flags['image-urls'] !== undefined && imageMode !== 'http') problems.push('--image-urls needs --image-mode http');
  if (inputFile !== undefined && imageMode !== 'base64') problems.push('--image-mode applies to generated workloads; an input file\'s images are sent as the file gives them');
  const imagePort = integer('image-port', flags['image-port'], 0)!;
  const concurrency = integer('concurrency', flags.concurrency, 1) ?? preset?.concurrency ?? 1;
  const whole = resolveLoad(flags, concurrency, problems);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard, env, problems);
  if (shard && flags.sim) problems.push('--shard splits one run over machines sharing one server; --sim starts a server per process');
  const { load, concurrency: share, plan } = shard ? shardLoad(whole, concurrency, shard, problems) : { load: whole, concurrency, plan: undefined };
  if (load.shape.kind === 'schedule' && inputFile === undefined) problems.push('--fixed-schedule replays the timestamps of an --input-file');

  const config: ProfileConfig = {
    origin,
    endpointPath: `${basePath}${endpoint}`,
    modelsPath: `${basePath}/v1/models`,
    model: flags.model?.trim() || undefined,
    headers,
    secrets: [...new Set([...secretValues(headers), ...(apiKey ? [apiKey] : [])])].sort((a, b) => b.length - a.length),
    requestTimeoutMs: timeout * 1000,
    preset: flags.preset as PresetName | undefined,
    workload: {
      inputFile,
      datasetType: flags['custom-dataset-type'] === 'mooncake_trace' ? 'mooncake_trace' : 'single_turn',
      generated,
      systemPromptTokens: systemPrompt || undefined,
      extraInputs,
      modelSelection: 'round_robin',
      outputTokens: maxTokens === undefined ? undefined : exactly(maxTokens),
      maxTokensKey: 'max_completion_tokens',
      forcedOutputTokens: forced || undefined,
      requestCount,
      warmupRequestCount: integer('warmup-request-count', flags['warmup-request-count'], 0) ?? preset?.warmupRequests ?? 0,
      seed: integer('random-seed', flags['random-seed'], 0)!,
      tokenizerPath: flags.tokenizer,
      delivery: imageMode === 'base64' ? { mode: 'base64' }
        : flags['image-urls'] !== undefined ? { mode: 'urls', file: flags['image-urls'] }
        : { mode: 'http', host: flags['image-host'], port: imagePort },
      imageUuids: flags['image-uuids'] ?? false,
      streaming: flags.streaming,
      blockSize: resolveBlockSize(flags, problems),
    },
    concurrency: share,
    load,
    useServerTokenCount: flags['use-server-token-count'],
    serverMetricsUrl: flags['server-metrics-url'] ?? `${origin}/metrics`,
    goodput,
    artifactDir: flags['artifact-dir'],
    aiperfNames: flags.compat === 'aiperf',
    verbose: flags.verbose,
    quiet: flags.quiet ?? false,
    sim: flags.sim ? {
      speed: flags['sim-speed'], embeddingCacheGb: flags['sim-embedding-cache-gb'],
      maxNumSeqs: flags['sim-max-num-seqs'], prefixCaching: flags['sim-prefix-caching'],
    } : undefined,
    workers: parseWorkers(flags.workers, problems),
    shard: plan,
    startAtMs: parseStartAt(flags['start-at'], problems),
  };
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return config;
}

function parseUrl(raw: string, problems: string[]): { origin: string; basePath: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    problems.push(`--url is not a valid URL: ${raw}`);
    return { origin: 'http://invalid', basePath: '' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`--url must be http or https: ${raw}`);
  // Credentials in a URL would be neither sent (the origin drops them) nor safe in saved results.
  if (url.username || url.password) problems.push('--url must not carry a user or password; use --api-key or -H "Authorization: ..."');
  // A base path such as /v1 or /proxy/v1 goes in front of the endpoint; a trailing /v1 is not doubled.
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { origin: url.origin, basePath };
}

function parseHeaders(values: readonly string[], problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    if (!name || /[^!#$%&'*+.^_`|~0-9A-Za-z-]/.test(name)) {
      problems.push(`--header must be "Name:Value" (got "${value.replace(/:.*/, ':…')}")`);
      continue;
    }
    headers[name] = value.slice(colon + 1).trim();
  }
  return headers;
}

function parseWorkers(value: string | undefined, problems: string[]): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  problems.push(`--workers must be a whole number of threads (1 or more) or auto, not ${value}`);
  return 'auto';
}
