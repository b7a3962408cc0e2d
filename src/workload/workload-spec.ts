// What to build, resolved from flags and presets: either an input file or a generated image-reuse workload.
import type { ImageFormat, ImageStyle } from './images/index.js';
import type { ReusePlanOptions } from './reuse-plan.js';

/** How images reach the server: inline data URLs, or URLs the server fetches. */
export type ImageDelivery =
  | { readonly mode: 'base64' }
  /** mmload serves the pool itself on host:port (port 0: any free port). */
  | { readonly mode: 'http'; readonly host: string; readonly port: number }
  /** The user's URLs, one per pool image, in pool order. */
  | { readonly mode: 'urls'; readonly file: string };

export interface GeneratedWorkloadSpec {
  readonly requests: number;
  readonly imagesPerRequest: number;
  /** Exactly one of pool and hitRate (unless imagesPerRequest is 0). */
  readonly pool: number | undefined;
  readonly hitRate: number | undefined;
  readonly popularity: NonNullable<ReusePlanOptions['popularity']>;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly imageFormat: ImageFormat;
  readonly imageStyle: ImageStyle;
  /** --image-source: the user's images instead of generated ones. */
  readonly imageSource: string | undefined;
  readonly userTextTokens: number;
}

export interface WorkloadSpec {
  readonly model: string;
  /** An aiperf input file; when absent, `generated` says what to build. */
  readonly inputFile: string | undefined;
  /** The input file's format (aiperf --custom-dataset-type). */
  readonly datasetType: 'single_turn' | 'mooncake_trace';
  readonly generated: GeneratedWorkloadSpec;
  readonly systemPromptTokens: number | undefined;
  readonly extraInputs: Readonly<Record<string, unknown>>;
  /** --osl: max_tokens only (aiperf's meaning). */
  readonly maxTokens: number | undefined;
  /** --output-tokens or a preset: max_tokens = min_tokens = N, ignore_eos. */
  readonly forcedOutputTokens: number | undefined;
  /** undefined: every line of the input file once. */
  readonly requestCount: number | undefined;
  readonly warmupRequestCount: number;
  readonly seed: number;
  readonly tokenizerPath: string | undefined;
  readonly delivery: ImageDelivery;
  readonly imageUuids: boolean;
  /** false sends non-streaming requests (one JSON reply each). */
  readonly streaming: boolean;
}
