// Turns parsed flags into a validated ProfileConfig, reporting every problem at once as one UsageError.
import { UsageError } from './exit-codes.js';
import { parseExtraInputs } from '../workload/extra-inputs.js';
import { parseSlos, type Slos } from '../metrics/goodput.js';

export interface ProfileConfig {
  /** Scheme, host and port, e.g. http://localhost:8000. */
  readonly origin: string;
  /** Path of the chat endpoint, with any base path of --url in front. */
  readonly endpointPath: string;
  /** Path of the models listing next to the endpoint. */
  readonly modelsPath: string;
  readonly model: string | undefined;
  /** Headers for every request, Authorization included. Secret: never saved (see redactedConfig). */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly inputFile: string | undefined;
  readonly sharedSystemPromptLength: number | undefined;
  readonly extraInputs: Readonly<Record<string, unknown>>;
  readonly syntheticInputTokens: number;
  readonly outputTokens: number | undefined;
  readonly tokenizer: string | undefined;
  readonly randomSeed: number;
  readonly concurrency: number;
  readonly requestCount: number | undefined;
  readonly warmupRequestCount: number;
  readonly useServerTokenCount: boolean;
  /** Goodput SLOs by metric tag; undefined when --goodput is not given. */
  readonly goodput: Slos | undefined;
  readonly artifactDir: string | undefined;
  readonly aiperfNames: boolean;
  readonly verbose: boolean;
}

/** The flags as yargs parsed them (see profile-options.ts). */
export interface ProfileFlags {
  model?: string | undefined; url: string; endpoint: string; streaming: boolean; 'api-key'?: string | undefined; header: string[];
  'request-timeout-seconds': number; 'input-file'?: string | undefined; 'shared-system-prompt-length'?: number | undefined;
  'extra-inputs': string[]; 'synthetic-input-tokens-mean': number; 'output-tokens-mean'?: number | undefined;
  tokenizer?: string | undefined; 'random-seed': number; concurrency: number; 'request-count'?: number | undefined;
  'warmup-request-count': number; 'use-server-token-count': boolean; goodput?: string | undefined; 'artifact-dir'?: string | undefined;
  compat?: string | undefined; verbose: boolean;
}

export function resolveProfileConfig(flags: ProfileFlags, env: NodeJS.ProcessEnv = process.env): ProfileConfig {
  const problems: string[] = [];
  const integer = (name: string, value: number | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || value < min) problems.push(`--${name} must be an integer >= ${min} (got ${value})`);
    return value;
  };
  const { origin, basePath } = parseUrl(flags.url, problems);
  const endpoint = flags.endpoint.startsWith('/') ? flags.endpoint : `/${flags.endpoint}`;
  const endpointPath = joinPath(basePath, endpoint);
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
  if (!flags.streaming) problems.push('--no-streaming is not supported yet: mmload sends streaming requests');
  const timeout = flags['request-timeout-seconds'];
  if (!(timeout > 0)) problems.push(`--request-timeout-seconds must be > 0 (got ${timeout})`);
  const config: ProfileConfig = {
    origin,
    endpointPath,
    modelsPath: joinPath(basePath, '/v1/models'),
    model: flags.model?.trim() || undefined,
    headers,
    requestTimeoutMs: timeout * 1000,
    inputFile: flags['input-file'],
    sharedSystemPromptLength: integer('shared-system-prompt-length', flags['shared-system-prompt-length'], 1),
    extraInputs,
    syntheticInputTokens: integer('synthetic-input-tokens-mean', flags['synthetic-input-tokens-mean'], 1)!,
    outputTokens: integer('output-tokens-mean', flags['output-tokens-mean'], 1),
    tokenizer: flags.tokenizer,
    randomSeed: integer('random-seed', flags['random-seed'], 0)!,
    concurrency: integer('concurrency', flags.concurrency, 1)!,
    requestCount: integer('request-count', flags['request-count'], 1),
    warmupRequestCount: integer('warmup-request-count', flags['warmup-request-count'], 0)!,
    useServerTokenCount: flags['use-server-token-count'],
    goodput,
    artifactDir: flags['artifact-dir'],
    aiperfNames: flags.compat === 'aiperf',
    verbose: flags.verbose,
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
  // A base path such as /v1 or /proxy/v1 goes in front of the endpoint; a trailing /v1 is not doubled.
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { origin: url.origin, basePath };
}

function joinPath(base: string, path: string): string {
  return `${base}${path}`;
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
