// Counts a chat request's prompt tokens as Qwen3-VL's chat template renders them, and finds its images and system prefix.
import { createHash } from 'node:crypto';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import { promptTokens } from '../model/qwen3-vl-tokens.js';
import type { ImageInfo, ImageProbe } from '../model/image-probe.js';

export interface PromptPlan {
  readonly promptTokens: number;
  /** A leading system message without images: the hash of its text and its token count. */
  readonly system: { readonly key: string; readonly tokens: number } | null;
  readonly images: readonly ImageInfo[];
}

/** A problem with the messages or their images; the server answers 400 with its message. */
export class PromptError extends Error {}

/** One message as the template renders it: its text runs and its image URLs, in order. */
interface Rendered {
  readonly role: string;
  readonly runs: string[];
  readonly images: string[];
}

const ROLES = new Set(['system', 'user', 'assistant']);
/** System prompts whose token counts are remembered (they repeat on every request). */
const MAX_SYSTEM_TEXTS = 256;

/**
 * Each message renders as `<|im_start|>role\n` + content + `<|im_end|>\n` (5 tokens around the
 * content), an image as <|vision_start|> + N pads + <|vision_end|>, and the generation prompt adds 3:
 * with a system message and one user message that is 13 + S + T + Σ(Nᵢ + 2) (promptTokens), and
 * every further message adds 5 + its content. Qwen's template joins adjacent text parts with no
 * separator, so they are counted as one text (a "run"); an image between two texts splits them.
 */
export class PromptCounter {
  private readonly systemCounts = new Map<string, { key: string; tokens: number }>();

  constructor(private readonly tokenizer: TokenCounter, private readonly probe: ImageProbe) {}

  /** Rejects with a PromptError when a message is malformed or an image cannot be loaded. */
  async plan(messages: readonly unknown[]): Promise<PromptPlan> {
    const rendered = messages.map(render);
    const urls = rendered.flatMap((message) => message.images);
    const images = await Promise.all(urls.map((url) => this.probe.probe(url).catch((err: Error) => Promise.reject(new PromptError(err.message)))));
    const first = rendered[0]!;
    const system = first.role === 'system' && first.images.length === 0 ? this.systemPrompt(first.runs.join('')) : null;
    let textTokens = 0;
    for (let i = system === null ? 0 : 1; i < rendered.length; i++) {
      for (const run of rendered[i]!.runs) textTokens += this.tokenizer.count(run);
    }
    const turns = promptTokens({ systemTokens: system?.tokens ?? null, userTextTokens: textTokens, imageTokens: images.map((image) => image.tokens) });
    return { promptTokens: turns + 5 * (rendered.length - (system === null ? 1 : 2)), system, images };
  }

  private systemPrompt(text: string): { key: string; tokens: number } {
    const key = createHash('sha256').update(text).digest('base64');
    let known = this.systemCounts.get(key);
    if (known === undefined) {
      known = { key, tokens: this.tokenizer.count(text) };
      if (this.systemCounts.size >= MAX_SYSTEM_TEXTS) this.systemCounts.delete(this.systemCounts.keys().next().value!);
      this.systemCounts.set(key, known);
    }
    return known;
  }
}

function render(message: unknown, index: number): Rendered {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new PromptError(`messages[${index}] must be an object`);
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== 'string' || !ROLES.has(role)) throw new PromptError(`messages[${index}].role must be "system", "user" or "assistant"`);
  const rendered: Rendered = { role, runs: [], images: [] };
  if (typeof content === 'string') rendered.runs.push(content);
  else if (Array.isArray(content)) {
    let run = '';
    content.forEach((part: unknown, j) => {
      const { type, text, image_url: image } = (part ?? {}) as { type?: unknown; text?: unknown; image_url?: unknown };
      const url = typeof image === 'string' ? image : (image as { url?: unknown } | null | undefined)?.url;
      if (type === 'text' && typeof text === 'string') run += text;
      else if (type === 'image_url' && typeof url === 'string') {
        if (run !== '') rendered.runs.push(run);
        run = '';
        rendered.images.push(url);
      } else throw new PromptError(`messages[${index}].content[${j}] must be {"type":"text","text":...} or {"type":"image_url","image_url":{"url":...}}`);
    });
    if (run !== '') rendered.runs.push(run);
  } else if (!(content == null && role === 'assistant')) {
    throw new PromptError(`messages[${index}].content must be a string or an array of content parts`);
  }
  return rendered;
}
