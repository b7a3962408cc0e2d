// One request as the simulated engine and its caches see it.
import type { ImageSpan } from './kv-blocks.js';

/** One request as the engine sees it. */
export interface EngineJob {
  readonly promptTokens: number;
  /**
   * Hashes of the full KV blocks of the prompt, then of the answer's tokens after it (kv-blocks.ts): the prompt's are
   * looked up in the prefix cache; each is cached once its tokens are computed. Empty without prefix caching.
   */
  readonly blocks: readonly string[];
  /** Each image's pixel hash, token count and place in the prompt. */
  readonly images: readonly ImageSpan[];
  /** Tokens to generate (at least 1). */
  readonly outputTokens: number;
  /** Called at the end of each step that gives this job its next token; `generated` counts them (1 = first). */
  emit(generated: number): void;
}
