// Renders a chat request's messages into prompt token ids as Qwen3-VL's chat template does, and finds its images.
import { createHash } from 'node:crypto';
import type { TokenCounter } from '../tokenizer/token-counter.js';
import type { ImageInfo, ImageProbe } from '../model/image-probe.js';

/** An image of the prompt: what the probe found, and where its <|image_pad|> tokens start. */
export interface PlannedImage extends ImageInfo {
  readonly start: number;
}

export interface PromptPlan {
  readonly promptTokens: number;
  /** The whole prompt (template tokens, texts, image pads, the generation prompt): the prefix cache's view of it. */
  readonly tokenIds: readonly number[];
  readonly images: readonly PlannedImage[];
}

/** A problem with the messages or their images; the server answers 400 with its message. */
export class PromptError extends Error {}

/** One message as the template renders it: its text runs and image URLs, in order. */
interface Rendered {
  readonly role: Role;
  readonly parts: ({ readonly text: string } | { readonly url: string })[];
}

type Role = 'system' | 'user' | 'assistant';
const ROLES = new Set<string>(['system', 'user', 'assistant'] satisfies Role[]);
/** Texts whose token ids are remembered (system prompts and a conversation's history come back on every request), in tokens. */
const MAX_REMEMBERED_TOKENS = 1_000_000;

/** The template's own tokens, encoded by the tokenizer itself. */
interface TemplateTokens {
  readonly open: Record<Role, readonly number[]>;
  readonly close: readonly number[];
  readonly visionStart: number;
  readonly imagePad: number;
  readonly visionEnd: number;
}

/**
 * Each message renders as `<|im_start|>role\n` + content + `<|im_end|>\n` (5 tokens around the content), an image as
 * <|vision_start|> + N pads + <|vision_end|>, and the generation prompt `<|im_start|>assistant\n` adds 3: with a system
 * message and one user message 13 + S + T + Σ(Nᵢ + 2) (promptTokens of model/qwen3-vl-tokens.ts), and every further
 * message (an earlier answer, an earlier question) 5 + its content. Qwen's template joins adjacent text parts with no
 * separator, so they are tokenized as one text (a "run"); an image between two texts splits them.
 */
export class PromptCounter {
  private readonly template: TemplateTokens;
  /** Token ids of texts seen, keyed by their sha256, oldest first. */
  private readonly remembered = new Map<string, Uint32Array>();
  private rememberedTokens = 0;

  constructor(private readonly tokenizer: TokenCounter, private readonly probe: ImageProbe) {
    const special = (text: string): number => tokenizer.encode(text)[0]!;
    const open = (role: Role): number[] => [special('<|im_start|>'), ...tokenizer.encode(`${role}\n`)];
    this.template = {
      open: { system: open('system'), user: open('user'), assistant: open('assistant') },
      close: [special('<|im_end|>'), ...tokenizer.encode('\n')],
      visionStart: special('<|vision_start|>'), imagePad: special('<|image_pad|>'), visionEnd: special('<|vision_end|>'),
    };
  }

  /** Rejects with a PromptError when a message is malformed or an image cannot be loaded. */
  async plan(messages: readonly unknown[]): Promise<PromptPlan> {
    const rendered = messages.map(render);
    const urls = rendered.flatMap((message) => message.parts.flatMap((part) => ('url' in part ? [part.url] : [])));
    const infos = await Promise.all(urls.map((url) => this.probe.probe(url).catch((err: Error) => Promise.reject(new PromptError(err.message)))));
    const { template } = this;
    const ids: number[] = [];
    const images: PlannedImage[] = [];
    for (const message of rendered) {
      append(ids, template.open[message.role]);
      for (const part of message.parts) {
        if ('text' in part) {
          append(ids, this.textIds(part.text));
          continue;
        }
        const info = infos[images.length]!;
        ids.push(template.visionStart);
        images.push({ ...info, start: ids.length });
        for (let k = 0; k < info.tokens; k++) ids.push(template.imagePad);
        ids.push(template.visionEnd);
      }
      append(ids, template.close);
    }
    append(ids, template.open.assistant);
    return { promptTokens: ids.length, tokenIds: ids, images };
  }

  private textIds(text: string): Uint32Array {
    const key = createHash('sha256').update(text).digest('base64');
    let ids = this.remembered.get(key);
    if (ids === undefined) {
      ids = Uint32Array.from(this.tokenizer.encode(text));
      for (const [oldest, held] of this.remembered) {
        if (this.rememberedTokens + ids.length <= MAX_REMEMBERED_TOKENS) break;
        this.remembered.delete(oldest);
        this.rememberedTokens -= held.length;
      }
      if (ids.length <= MAX_REMEMBERED_TOKENS) {
        this.remembered.set(key, ids);
        this.rememberedTokens += ids.length;
      }
    }
    return ids;
  }
}

/** Pushes `more` onto `ids` one by one (a spread of a long text would overflow the call stack). */
function append(ids: number[], more: ArrayLike<number>): void {
  for (let k = 0; k < more.length; k++) ids.push(more[k]!);
}

function render(message: unknown, index: number): Rendered {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new PromptError(`messages[${index}] must be an object`);
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (typeof role !== 'string' || !ROLES.has(role)) throw new PromptError(`messages[${index}].role must be "system", "user" or "assistant"`);
  const rendered: Rendered = { role: role as Role, parts: [] };
  if (typeof content === 'string') {
    if (content !== '') rendered.parts.push({ text: content });
  } else if (Array.isArray(content)) {
    let run = '';
    content.forEach((part: unknown, j) => {
      const { type, text, image_url: image } = (part ?? {}) as { type?: unknown; text?: unknown; image_url?: unknown };
      const url = typeof image === 'string' ? image : (image as { url?: unknown } | null | undefined)?.url;
      if (type === 'text' && typeof text === 'string') run += text;
      else if (type === 'image_url' && typeof url === 'string') {
        if (run !== '') rendered.parts.push({ text: run });
        run = '';
        rendered.parts.push({ url });
      } else throw new PromptError(`messages[${index}].content[${j}] must be {"type":"text","text":...} or {"type":"image_url","image_url":{"url":...}}`);
    });
    if (run !== '') rendered.parts.push({ text: run });
  } else if (!(content == null && role === 'assistant')) {
    throw new PromptError(`messages[${index}].content must be a string or an array of content parts`);
  }
  return rendered;
}
