// Turns parsed flags into a validated ProfileConfig, reporting every problem at once as one UsageError.
import { UsageError } from '../../util/exit-codes.js';
import type { ProfileConfig } from '../../run/run-config.js';
import { parseExtraInputs } from '../../workload/extra-inputs.js';
import { parseSlos, type Slos } from '../../metrics/goodput.js';
import { PRESETS, type PresetName } from '../../workload/presets.js';
import { secretValues } from '../../secrets/secret-values.js';
import { redactor } from '../../secrets/redactor.js';
import { commaList, parseHeaders, parseUrls } from './endpoint-flags.js';
import { resolveServerMetrics } from './server-metrics-flags.js';
import type { ProfileFlags } from './profile-options.js';
import { resolveProfileWorkload } from './profile-workload.js';
import { resolveLoad } from './resolve-load.js';
import { resolveSliceDuration } from './slice-options.js';
import { parseShard, shardLoad } from '../../shard/shard.js';
import { parseStartAt } from '../../run/start-at.js';
import type { Opinions } from '../../run/opinions.js';
import type { TokenizerFile } from '../../tokenizer/load-tokenizer.js';
import { resolveTokenizer } from '../../tokenizer/resolve-tokenizer.js';
import { integerFlags } from '../../cli/flag-checks.js';
import { resolveGpuTelemetry } from './gpu-telemetry-options.js';

/** aiperf 0.8's per-request deadline; mmload's own is shorter, so a stuck server shows within a run. */
const AIPERF_REQUEST_TIMEOUT_S = 21_600;
const MMLOAD_REQUEST_TIMEOUT_S = 600;

export function resolveProfileConfig(flags: ProfileFlags, opinions: Opinions, env: NodeJS.ProcessEnv = process.env): ProfileConfig {
  const problems: string[] = [];
  const integer = integerFlags(problems);
  const aiperf = opinions === 'aiperf';
  if (flags.sim && flags.url !== undefined) problems.push('give --sim or --url, not both');
  const positive = (name: string, value: number) => {
    if (!(value > 0)) problems.push(`--${name} must be > 0 (got ${value})`);
  };
  positive('sim-speed', flags['sim-speed']);
  if (!(flags['sim-embedding-cache-gb'] >= 0)) problems.push(`--sim-embedding-cache-gb must be >= 0 (got ${flags['sim-embedding-cache-gb']})`);
  integer('sim-max-num-seqs', flags['sim-max-num-seqs'], 1);
  const answerAccuracy = flags['sim-mlperf-answer-accuracy'];
  const unparsableRate = flags['sim-mlperf-unparsable-rate'] ?? 0;
  if (answerAccuracy !== undefined && !(answerAccuracy >= 0 && answerAccuracy <= 1)) problems.push(`--sim-mlperf-answer-accuracy must be in 0..1 (got ${answerAccuracy})`);
  if (!(unparsableRate >= 0 && unparsableRate <= 1)) problems.push(`--sim-mlperf-unparsable-rate must be in 0..1 (got ${unparsableRate})`);
  else if (unparsableRate > 0 && answerAccuracy === undefined) problems.push('--sim-mlperf-unparsable-rate needs --sim-mlperf-answer-accuracy');
  const endpoint = flags.endpoint.startsWith('/') ? flags.endpoint : `/${flags.endpoint}`;
  const targets = parseUrls(flags.url ?? 'localhost:8000', problems).map(({ origin, basePath }) =>
    ({ origin, path: `${basePath}${endpoint}`, modelsPath: `${basePath}/v1/models` }));
  const { origin, path: endpointPath, modelsPath } = targets[0] ?? { origin: 'http://invalid', path: endpoint, modelsPath: '/v1/models' };
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
  const tokenizerRevision = flags['tokenizer-revision'] ?? 'main';
  let tokenizerPath: TokenizerFile;
  try {
    if (flags.tokenizer !== undefined) tokenizerPath = resolveTokenizer(flags.tokenizer, tokenizerRevision, env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  const timeout = flags['request-timeout-seconds'] ?? (aiperf ? AIPERF_REQUEST_TIMEOUT_S : MMLOAD_REQUEST_TIMEOUT_S);
  if (!(timeout > 0)) problems.push(`--request-timeout-seconds must be > 0 (got ${timeout})`);
  if (flags['export-level'] === 'raw') problems.push('--export-level raw (every request and response in full) is not supported; use records');

  const preset = flags.preset === undefined ? undefined : PRESETS[flags.preset as PresetName];
  const inputFile = flags['input-file'];
  const concurrency = integer('concurrency', flags.concurrency, 1) ?? preset?.concurrency ?? 1;
  // aiperf replays a timestamped mooncake trace on its own schedule unless told otherwise.
  const traceAutoSchedule = aiperf && inputFile !== undefined && flags['custom-dataset-type'] === 'mooncake_trace';
  const whole = resolveLoad(flags, concurrency, problems, { traceAutoSchedule });
  const workload = resolveProfileWorkload(flags, opinions, { shape: whole.shape, timed: whole.durationMs !== undefined, autoSchedule: whole.autoSchedule !== null, sampleCount: whole.performanceSampleCount },
    extraInputs, tokenizerPath, problems);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard, env, problems);
  if (shard && flags.sim) problems.push('--shard splits one run over machines sharing one server; --sim starts a server per process');
  const { load, concurrency: share, plan } = shard ? shardLoad(whole, concurrency, shard, problems) : { load: whole, concurrency, plan: undefined };
  if (load.shape.kind === 'schedule' && inputFile === undefined) problems.push('--fixed-schedule replays the timestamps of an --input-file');

  const serverMetrics = resolveServerMetrics(flags, env, problems);
  const gpuTelemetry = resolveGpuTelemetry(flags, problems);
  const secrets = secretValues({ headers, apiKey, extraInputs, urls: [...commaList(flags.url), ...(serverMetrics?.extraUrls ?? []), ...(gpuTelemetry?.given ?? [])] });
  const config: ProfileConfig = {
    opinions,
    targets,
    origin,
    endpointPath,
    modelsPath,
    models: commaList(flags.model),
    headers,
    secrets,
    requestTimeoutMs: timeout * 1000,
    sessionHeader: sessionHeader(flags['session-header'], problems),
    preset: flags.preset as PresetName | undefined,
    workload,
    concurrency: share,
    load,
    tokenizer: flags.tokenizer,
    tokenizerRevision,
    useServerTokenCount: flags['use-server-token-count'],
    serverMetrics,
    gpuTelemetry,
    goodput,
    artifactDir: flags['artifact-dir'],
    aiperfFiles: (flags.compat ?? (aiperf ? 'aiperf' : 'none')) === 'aiperf',
    exportPrefix: flags['profile-export-prefix'],
    exportRecords: flags['export-level'] !== 'summary',
    sliceDurationSec: resolveSliceDuration(flags, problems),
    verbose: flags.verbose,
    quiet: flags.quiet ?? false,
    sim: flags.sim ? {
      speed: flags['sim-speed'], embeddingCacheGb: flags['sim-embedding-cache-gb'],
      maxNumSeqs: flags['sim-max-num-seqs'], prefixCaching: flags['sim-prefix-caching'],
      mlperfAnswerAccuracy: answerAccuracy ?? null, mlperfUnparsableRate: unparsableRate,
    } : undefined,
    workers: parseWorkers(flags.workers, problems),
    shard: plan,
    startAtMs: parseStartAt(flags['start-at'], problems),
  };
  // A problem may quote a flag's value (an invalid --url with its ?token=): the secrets known so far are masked.
  if (problems.length > 0) throw new UsageError(redactor(secrets)(problems.join('; ')));
  return config;
}

function parseWorkers(value: string | undefined, problems: string[]): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  problems.push(`--workers must be a whole number of threads (1 or more) or auto, not ${value}`);
  return 'auto';
}

/** --session-header: the name of the header that carries a session's id (X-Correlation-ID unless given), a valid HTTP token. */
function sessionHeader(name: string | undefined, problems: string[]): string {
  if (name === undefined) return 'x-correlation-id';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) problems.push(`--session-header must be a header name (got "${name}")`);
  return name.toLowerCase();
}
