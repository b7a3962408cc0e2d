// One request as the simulated engine and its caches see it.

/** One request as the engine sees it. */
export interface EngineJob {
  readonly promptTokens: number;
  /** The shared system-prompt prefix (whole KV blocks) a prefix-cache hit skips; null when there is none. */
  readonly prefix: { readonly key: string; readonly tokens: number } | null;
  /** Each image's pixel hash and token count. */
  readonly images: readonly { readonly key: string; readonly tokens: number }[];
  /** Tokens to generate (at least 1). */
  readonly outputTokens: number;
  /** Called at the end of each step that gives this job its next token; `generated` counts them (1 = first). */
  emit(generated: number): void;
}
