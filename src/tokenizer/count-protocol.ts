// Messages between the main thread and the token-counting worker thread.

export interface CountWorkerInit {
  /** A tokenizer.json; the bundled Qwen3 tokenizer when absent. */
  readonly tokenizerPath: string | undefined;
}

export interface CountRequest {
  readonly id: number;
  /** prompt: text parts joined by one space; text: texts[0] alone. */
  readonly kind: 'prompt' | 'text';
  readonly texts: readonly string[];
}

/** id −1 answers start-up: the tokenizer loaded, or `error` says why not. */
export interface CountReply {
  readonly id: number;
  readonly count: number;
  readonly error?: string;
}
