// profile_export_aiperf.json's input_config (aiperf's config v2 shape) and run_info, from plain facts about the run.

/** A load phase as aiperf's config describes it; a knob the run did not set is left out. */
export interface AiperfPhase {
  readonly name: 'warmup' | 'profiling';
  readonly type: 'concurrency' | 'poisson' | 'constant' | 'gamma' | 'fixed_schedule';
  readonly concurrency?: number;
  /** Requests per second (rate phases). */
  readonly rate?: number;
  readonly requests?: number;
  /** Seconds. */
  readonly duration?: number;
  /** Seconds in-flight requests get after the duration. */
  readonly gracePeriod?: number;
}

/** The dataset: generated ('synthetic', with its number of distinct entries) or read from a file. */
export interface AiperfDataset {
  readonly type: 'synthetic' | 'file';
  readonly entries?: number;
  readonly path?: string;
  /** File format, e.g. 'single_turn' or 'mooncake_trace'. */
  readonly format?: string;
  readonly sampling?: 'sequential' | 'random' | 'shuffle';
}

/**
 * What profile_export_aiperf.json says about the run beyond its metrics, filled from the resolved configuration.
 * Secrets must already be redacted in `headers` and `cliCommand`.
 */
export interface AiperfRunFacts {
  /** A UUID naming this run: the file's benchmark_id and run_info.benchmark_id. */
  readonly benchmarkId: string;
  readonly models: readonly string[];
  /** How requests pick among several models (aiperf's --model-selection-strategy). */
  readonly modelSelection: 'round_robin' | 'random';
  readonly endpoint: {
    /** Base URLs, e.g. http://localhost:8000. */
    readonly urls: readonly string[];
    /** The endpoint path, e.g. /v1/chat/completions. */
    readonly path?: string;
    readonly streaming: boolean;
    readonly timeoutSec: number;
    readonly headers: Readonly<Record<string, string>>;
    /** Fields merged into every request body (--extra-inputs). */
    readonly extra: Readonly<Record<string, unknown>>;
    readonly useLegacyMaxTokens: boolean;
    readonly useServerTokenCount: boolean;
  };
  readonly dataset: AiperfDataset;
  /** The warm-up phase (when one ran), then the profiling phase. */
  readonly phases: readonly AiperfPhase[];
  /** The artifact directory. */
  readonly artifactDir: string;
  readonly randomSeed?: number;
  /** The command line, starting with `mmload`. */
  readonly cliCommand: string;
}

/** How the aiperf files were named and which were written: input_config.artifacts. */
export interface AiperfArtifactsFacts {
  readonly prefix?: string | undefined;
  readonly exportLevel: 'summary' | 'records';
}

/** input_config: aiperf's resolved BenchmarkConfig, with only the fields this run sets. */
export function aiperfInputConfig(facts: AiperfRunFacts, artifacts: AiperfArtifactsFacts): Record<string, unknown> {
  const { endpoint, dataset } = facts;
  const some = (record: Readonly<Record<string, unknown>>) => Object.keys(record).length > 0;
  return {
    models: { strategy: facts.modelSelection, items: facts.models.map((name) => ({ name })) },
    endpoint: {
      urls: [...endpoint.urls],
      type: 'chat',
      streaming: endpoint.streaming,
      ...(endpoint.path === undefined ? {} : { path: endpoint.path }),
      timeout: endpoint.timeoutSec,
      ...(some(endpoint.headers) ? { headers: { ...endpoint.headers } } : {}),
      ...(some(endpoint.extra) ? { extra: { ...endpoint.extra } } : {}),
      ...(endpoint.useLegacyMaxTokens ? { use_legacy_max_tokens: true } : {}),
      ...(endpoint.useServerTokenCount ? { use_server_token_count: true } : {}),
    },
    datasets: [{ name: 'default', ...definedOnly(dataset) }],
    phases: facts.phases.map((phase) => definedOnly({
      name: phase.name,
      type: phase.type,
      concurrency: phase.concurrency,
      rate: phase.rate,
      requests: phase.requests,
      duration: phase.duration,
      grace_period: phase.gracePeriod,
    })),
    artifacts: {
      dir: facts.artifactDir,
      ...(artifacts.prefix === undefined ? {} : { prefix: artifacts.prefix }),
      ...(artifacts.exportLevel === 'summary' ? { records: false } : {}),
    },
  };
}

/** run_info: which run this was and the command that started it. */
export function aiperfRunInfo(facts: AiperfRunFacts): Record<string, unknown> {
  return {
    benchmark_id: facts.benchmarkId,
    ...(facts.randomSeed === undefined ? {} : { random_seed: facts.randomSeed }),
    trial: 0,
    cli_command: facts.cliCommand,
  };
}

function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
