// A text-only synthetic workload for runs without --input-file: distinct seeded prompts of an exact token count.
import type { TokenCounter } from '../tokenizer/token-counter.js';
import type { PreparedRequest } from './prepared-request.js';
import { buildChatRequest, type SharedText } from './request-body.js';
import { deriveSeed } from './seeded-random.js';
import { textOfTokens } from './token-text.js';

export interface SyntheticOptions {
  readonly model: string;
  /** Number of prompts to build. */
  readonly count: number;
  /** Index of the first prompt; prompt i gets index firstIndex + i and its own text. */
  readonly firstIndex: number;
  readonly inputTokens: number;
  readonly seed: number;
  readonly systemPrompt?: SharedText | undefined;
  readonly extra: Readonly<Record<string, unknown>>;
  readonly maxTokens?: number | undefined;
}

/**
 * `count` prompts of exactly `inputTokens` tokens each. Every prompt is a different seeded text, so
 * prompts share no prefix beyond the system prompt and the server's prefix cache cannot hit across them.
 * Seed stream 0 is left to the shared system prompt; prompt index k uses stream k + 1.
 */
export function syntheticRequests(tokenizer: TokenCounter, options: SyntheticOptions): PreparedRequest[] {
  const requests: PreparedRequest[] = [];
  for (let i = 0; i < options.count; i++) {
    const index = options.firstIndex + i;
    requests.push(buildChatRequest({
      index,
      model: options.model,
      systemPrompt: options.systemPrompt,
      texts: [textOfTokens(tokenizer, options.inputTokens, deriveSeed(options.seed, index + 1))],
      images: [],
      extra: options.extra,
      maxTokens: options.maxTokens,
    }));
  }
  return requests;
}
