// Token counts of prompts and replies as aiperf's client-side counting takes them, from one tokenizer.
import type { TokenCounter } from './token-counter.js';

/** Counts tokens for the metrics: a prompt's text parts joined as aiperf joins them, and a reply's text. */
export interface TextCounter {
  /** Tokens of the prompt's text parts (system prompt first) joined by one space, encoded once. */
  countPrompt(texts: readonly string[]): Promise<number>;
  /** Tokens of one text (a reply's content, or its reasoning). */
  countText(text: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Counts on the calling thread. A prompt is counted as count(head) + count(" " + rest) when its first text (the
 * shared system prompt, sent with every request) is long and was seen before: a byte-level BPE tokenizer with a
 * regex pre-tokenizer (Qwen's, GPT's) never forms a token across the joining space before a word, so the sum is the
 * count of the whole; the first prompt of each head is counted both ways and, should they differ, that head is always
 * counted whole.
 */
export function inlineTextCounter(tokenizer: TokenCounter): TextCounter & { countPromptNow(texts: readonly string[]): number } {
  /** Per head text: its token count, or null when splitting after it is not exact. */
  const heads = new Map<string, number | null>();
  const countPromptNow = (texts: readonly string[]): number => {
    if (texts.length < 2) return tokenizer.count(texts[0] ?? '');
    const head = texts[0]!;
    const rest = ` ${texts.slice(1).join(' ')}`;
    const known = heads.get(head);
    if (known === undefined) {
      const whole = tokenizer.count(`${head}${rest}`);
      const headCount = tokenizer.count(head);
      heads.set(head, headCount + tokenizer.count(rest) === whole ? headCount : null);
      return whole;
    }
    return known === null ? tokenizer.count(`${head}${rest}`) : known + tokenizer.count(rest);
  };
  return {
    countPromptNow,
    countPrompt: async (texts) => countPromptNow(texts),
    countText: async (text) => tokenizer.count(text),
    close: async () => {},
  };
}
