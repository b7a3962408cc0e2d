// The facts profile_export_aiperf.json states about a run beyond its metrics (carried in the summary's meta).

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
