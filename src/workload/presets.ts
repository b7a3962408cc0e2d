// The seeds' scenarios as presets: every number the seed documents, overridable by any explicit flag.

export type PresetName = 'scenario-a' | 'scenario-b' | 'cache-ab' | 'chat-reuse';
export const PRESET_NAMES: readonly PresetName[] = ['scenario-a', 'scenario-b', 'cache-ab', 'chat-reuse'];

/** Presets that name a dataset to write, not an image-reuse workload: only `mmload generate` takes them. */
export type DatasetPresetName = 'mlperf-q3vl';
export const DATASET_PRESET_NAMES: readonly DatasetPresetName[] = ['mlperf-q3vl'];

/** A preset of multi-turn sessions: its requests are the sessions' turns, its images per request the first turn's. */
export interface ConversationPreset {
  readonly sessions: number;
  readonly turns: number;
  /** New images of each later turn, on average (see SyntheticConversationOptions.followUpImages). */
  readonly followUpImages: number;
}

/** The numbers a preset sets. Absent keys leave the flag's own default. */
export interface Preset {
  readonly description: string;
  /** Requests sent (with `conversation`: turns, sessions × turns). */
  readonly requests: number;
  readonly warmupRequests: number;
  readonly concurrency?: number;
  readonly systemPromptTokens: number | null;
  readonly userTextTokens: number;
  readonly imagesPerRequest: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Exactly one of hitRate and pool. */
  readonly hitRate?: number;
  readonly pool?: number;
  /** Forced output length: max_tokens = min_tokens = N and ignore_eos. */
  readonly outputTokens: number;
  /** Multi-turn sessions instead of single requests. */
  readonly conversation?: ConversationPreset;
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  // Seed 000, Scenario A: 8,600-token system prompt, 4,300-token user text, three 512×512 images,
  // 20% of image appearances repeated, 500 output tokens forced, 100 requests.
  'scenario-a': {
    description: 'Scenario A: 8,600 system + 4,300 user tokens, 3 images of 512×512, 20% image reuse, 500 output tokens',
    requests: 100, warmupRequests: 0, systemPromptTokens: 8600, userTextTokens: 4300,
    imagesPerRequest: 3, imageWidth: 512, imageHeight: 512, hitRate: 0.2, outputTokens: 500,
  },
  // Seed 000, Scenario B: 5,000-token system prompt, 4,000-token user text, 20 images of 256 tokens
  // (512×512 under Qwen3-VL), 27% reuse, 500 output tokens forced, 100 requests after 10 warm-up.
  'scenario-b': {
    description: 'Scenario B: 5,000 system + 4,000 user tokens, 20 images of 512×512 (256 tokens), 27% image reuse, 500 output tokens',
    requests: 100, warmupRequests: 10, systemPromptTokens: 5000, userTextTokens: 4000,
    imagesPerRequest: 20, imageWidth: 512, imageHeight: 512, hitRate: 0.27, outputTokens: 500,
  },
  // Seed 003, the embedding-cache A/B: 1,000 requests of one image from a 200-image pool (80% reuse),
  // 400 text tokens, concurrency 64, 150 output tokens forced, 3 warm-up requests.
  'cache-ab': {
    description: 'Embedding-cache A/B: 1,000 requests, 1 image each from a 200-image pool (80% reuse), 400 text tokens, 150 output tokens, concurrency 64',
    requests: 1000, warmupRequests: 3, concurrency: 64, systemPromptTokens: null, userTextTokens: 400,
    imagesPerRequest: 1, imageWidth: 512, imageHeight: 512, pool: 200, outputTokens: 150,
  },
  // Issue #16, image reuse within a conversation: 200 sessions of 4 turns, 2 images in the first turn, follow-up
  // questions carrying none or one new image (half of them one), 300 user tokens a turn, 150 output tokens forced.
  // Every image is new to the run (no reuse across sessions): each hit comes from a session's own history.
  'chat-reuse': {
    description: 'Conversations: 200 sessions × 4 turns, 2 images of 512×512 in the first turn, none or one new image per follow-up, 300 user tokens a turn, 150 output tokens',
    requests: 800, warmupRequests: 0, systemPromptTokens: null, userTextTokens: 300,
    imagesPerRequest: 2, imageWidth: 512, imageHeight: 512, hitRate: 0, outputTokens: 150,
    conversation: { sessions: 200, turns: 4, followUpImages: 0.5 },
  },
};

/** Body fields that force exactly `tokens` output tokens on vLLM-style servers. */
export function forcedOutputFields(tokens: number): Record<string, unknown> {
  return { max_tokens: tokens, min_tokens: tokens, ignore_eos: true };
}
