// What to build, resolved from flags and presets: either an input file or a generated image-reuse workload.
import type { Draw } from './draw.js';
import type { Sampling } from './entry-sampling.js';
import type { ImageStyle } from './images/index.js';
import type { ModelSelection } from './model-choice.js';
import type { MaxTokensKey } from './request-body.js';
import type { ReusePlanOptions } from './reuse-plan.js';

/** How images reach the server: inline data URLs, or URLs the server fetches. */
export type ImageDelivery =
  | { readonly mode: 'base64' }
  /** mmload serves the pool itself on host:port (port 0: any free port). */
  | { readonly mode: 'http'; readonly host: string; readonly port: number }
  /** The user's URLs, one per pool image, in pool order. */
  | { readonly mode: 'urls'; readonly file: string };

/** --image-format: one encoding for every image, or png or jpeg drawn per image. */
export type ImageFormatChoice = 'jpeg' | 'png' | 'random';

export interface GeneratedWorkloadSpec {
  /** Requests sent when no --request-count is given. */
  readonly requests: number;
  /** Distinct dataset entries; the reuse plan and the texts are over entries, requests draw from them. */
  readonly entries: number;
  /** How the requests sent draw from the entries. */
  readonly sampling: Sampling;
  readonly imagesPerRequest: number;
  /** Exactly one of pool and hitRate (unless imagesPerRequest is 0). */
  readonly pool: number | undefined;
  readonly hitRate: number | undefined;
  readonly popularity: NonNullable<ReusePlanOptions['popularity']>;
  /** Per image, width then height (mean and stddev are truncated to integers first, as aiperf does). */
  readonly imageWidth: Draw;
  readonly imageHeight: Draw;
  readonly imageFormat: ImageFormatChoice;
  readonly imageStyle: ImageStyle;
  /** --image-source DIR: the user's images instead of generated ones. */
  readonly imageSource: string | undefined;
  /** Tokens of each entry's one user text. */
  readonly userTextTokens: Draw;
}

/**
 * Synthetic multi-turn sessions (aiperf's --conversation-* flags, or a conversation preset). The rest of each turn
 * comes from the generated spec: the first turn's image count (imagesPerRequest), every image's size, format and
 * source, and each turn's user text tokens.
 */
export interface SyntheticConversationOptions {
  /** Conversations generated: --num-dataset-entries, else --conversation-num, else the preset's sessions, else 100. */
  readonly conversations: number;
  /** Sessions to run (--conversation-num, or the preset's); undefined: --request-count (turns) or the run's duration bounds them. */
  readonly sessions: number | undefined;
  /** Turns of each conversation, drawn per conversation (aiperf: at least 1; a stddev rounds the draw up). */
  readonly turns: Draw;
  /** Think time before each later turn in ms, drawn per turn when the mean is > 0 (aiperf); the first turn has none. */
  readonly turnDelayMs: Draw;
  /** Multiplies each drawn delay (aiperf's --conversation-turn-delay-ratio). */
  readonly turnDelayRatio: number;
  /**
   * New images of each later turn, on average: floor(x), plus one more with probability x − floor(x), drawn per
   * turn (0.5: none or one, even odds). undefined: as many as the first turn's, fresh ones, as aiperf does.
   */
  readonly followUpImages: number | undefined;
}

/** How the MLPerf Q3VL requests are made. */
export interface Q3vlSettings {
  /** --mlperf-system-prompt: the reference's system prompt as a file; undefined: mmload's stand-in. */
  readonly systemPromptFile: string | undefined;
  /** --mlperf-guided-decoding: send the answer's JSON schema as response_format. */
  readonly guidedDecoding: boolean;
  /** The samples read, which the requests draw from (user.conf's performance_sample_count_override); undefined: as many as requests. */
  readonly sampleCount: number | undefined;
}

export interface WorkloadSpec {
  /** Non-empty; each entry (or file line) names one, fixed in creation order by modelSelection. */
  readonly models: readonly string[];
  readonly modelSelection: ModelSelection;
  /** An aiperf input file; when absent, `generated` says what to build. */
  readonly inputFile: string | undefined;
  /** The input file's format (aiperf --custom-dataset-type; mlperf_q3vl: the MLPerf Q3VL product catalogue). */
  readonly datasetType: 'single_turn' | 'multi_turn' | 'mooncake_trace' | 'mlperf_q3vl';
  /** The MLPerf Q3VL requests' settings (with datasetType mlperf_q3vl). */
  readonly mlperf: Q3vlSettings;
  /** For an input file only its `sampling` applies. */
  readonly generated: GeneratedWorkloadSpec;
  readonly systemPromptTokens: number | undefined;
  readonly extraInputs: Readonly<Record<string, unknown>>;
  /** --osl/--osl-stddev: each entry's token cap, drawn per entry (a line's own output_length wins); undefined or a mean ≤ 0: no cap. */
  readonly outputTokens: Draw | undefined;
  /** The cap's key (--use-legacy-max-tokens: max_tokens). */
  readonly maxTokensKey: MaxTokensKey;
  /** --output-tokens or a preset: max_tokens = min_tokens = N, ignore_eos; wins over any cap. */
  readonly forcedOutputTokens: number | undefined;
  /** undefined: every line of the input file once, or the generated spec's requests. */
  readonly requestCount: number | undefined;
  /** Sessions to run (--conversation-num) when the workload is conversations; undefined: each conversation once, or as --request-count allows. */
  readonly sessionCount?: number | undefined;
  readonly warmupRequestCount: number;
  readonly seed: number;
  /** Keep generated images in the disk cache; false when the seed was drawn for this run alone, so no run can ask for them again. */
  readonly cacheImages: boolean;
  readonly tokenizerPath: string | undefined;
  readonly delivery: ImageDelivery;
  readonly imageUuids: boolean;
  /** false sends non-streaming requests (one JSON reply each). */
  readonly streaming: boolean;
  /** Tokens per mooncake_trace hash id (aiperf --isl-block-size). */
  readonly blockSize: number;
  /** Synthetic multi-turn sessions instead of single requests (generated workloads only; see syntheticConversations). */
  readonly conversations?: SyntheticConversationOptions;
}
