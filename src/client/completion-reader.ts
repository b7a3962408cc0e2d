// Reads OpenAI chat-completion JSON (stream chunks and whole replies) into one request's record.
import type { RequestError, RequestRecord } from './request-record.js';
import { errorEvent, requestError } from './request-errors.js';

interface TextFields {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}
interface ChoiceJson {
  delta?: TextFields | null;
  message?: TextFields | null;
  finish_reason?: unknown;
}
interface UsageJson {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}
/** The parts of a `chat.completion` or `chat.completion.chunk` object the client reads. */
export interface CompletionJson {
  choices?: ChoiceJson[] | null;
  usage?: UsageJson | null;
  error?: unknown;
}

/** Accumulates content chunks, finish reason, usage and text of one request. */
export class CompletionReader {
  readonly #record: RequestRecord;
  readonly #texts: string[] = [];
  /** Latest usage figures seen; -1 until a usage object arrives. */
  #promptTokens = -1;
  #completionTokens = -1;

  constructor(record: RequestRecord) {
    this.#record = record;
  }

  /** One stream chunk, read at `now`. Returns the error it carries, if any. */
  readChunk(json: CompletionJson, now: number): RequestError | null {
    if (json.error != null) return errorEvent(json.error);
    const choice = json.choices?.[0];
    let text: string | null = null;
    if (choice != null) {
      text = textOf(choice.delta);
      if (typeof choice.finish_reason === 'string') this.#record.finishReason = choice.finish_reason;
    }
    if (text !== null) {
      this.#record.chunkMs.push(now);
      if (this.#completionTokens < 0) this.#texts.push(text);
    }
    if (json.usage != null) this.#readUsage(json.usage, text !== null);
    return null;
  }

  /** A whole non-streaming reply, read at `now`: its content counts as one chunk. */
  readReply(json: CompletionJson, now: number): RequestError | null {
    if (json.error != null) return errorEvent(json.error);
    const choice = json.choices?.[0];
    const text = choice != null ? textOf(choice.message) : null;
    if (choice != null && typeof choice.finish_reason === 'string') this.#record.finishReason = choice.finish_reason;
    if (json.usage != null) this.#readUsage(json.usage, false);
    if (text === null) return requestError('empty_response', 'reply carried no content');
    this.#record.chunkMs.push(now);
    this.#texts.push(text);
    return null;
  }

  /** Fills usage, or the output text when the server sent no usage (kept for client-side token counts). */
  finish(keepText: boolean): void {
    const record = this.#record;
    if (this.#completionTokens >= 0) {
      record.usage = { promptTokens: Math.max(this.#promptTokens, 0), completionTokens: this.#completionTokens };
    } else if (keepText && this.#texts.length > 0) {
      record.outputText = this.#texts.join('');
    }
  }

  /** Usage is cumulative; with per-chunk usage (vLLM continuous_usage_stats) a content chunk's tokens are the step. */
  #readUsage(usage: UsageJson, withContent: boolean): void {
    const completion = usage.completion_tokens;
    if (typeof completion !== 'number') return;
    if (withContent) this.#record.chunkTokens.push(completion - Math.max(this.#completionTokens, 0));
    this.#completionTokens = completion;
    if (typeof usage.prompt_tokens === 'number') this.#promptTokens = usage.prompt_tokens;
  }
}

/** The generated text of a delta or message: reasoning then content, or null when both are empty. */
function textOf(fields: TextFields | null | undefined): string | null {
  if (fields == null) return null;
  const content = fields.content;
  const reasoning = fields.reasoning_content ?? fields.reasoning;
  const hasContent = typeof content === 'string' && content.length > 0;
  if (typeof reasoning === 'string' && reasoning.length > 0) return hasContent ? reasoning + content : reasoning;
  return hasContent ? content : null;
}
