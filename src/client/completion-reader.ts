// Reads OpenAI chat-completion JSON (stream chunks and whole replies) into one request's record.
import type { RequestError, RequestRecord } from './request-record.js';
import { errorEvent, requestError } from './request-errors.js';
import type { ScannedChunk } from './chunk-scan.js';
import { jsonStringBytes } from '../workload/request-body.js';

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

/**
 * Accumulates content chunks, finish reason, usage and text of one request. Text is kept undecoded, as the
 * JSON string contents it arrived in, copied end to end into one growing buffer (a concatenation of JSON
 * string contents is itself one), and decoded after the request only if no usage came.
 */
export class CompletionReader {
  readonly #record: RequestRecord;
  #text: Buffer | null = null;
  #textLength = 0;
  /** Latest usage figures seen; -1 until a usage object arrives. */
  #promptTokens = -1;
  #completionTokens = -1;

  constructor(record: RequestRecord) {
    this.#record = record;
  }

  /** One stream chunk scanned from `buf` (see chunk-scan.ts), read at `now`. */
  readScanned(chunk: ScannedChunk, buf: Buffer, now: number): void {
    const record = this.#record;
    if (chunk.finishReason !== null) record.finishReason = chunk.finishReason;
    const withText = chunk.reasoningStart >= 0 || chunk.contentStart >= 0;
    if (withText) {
      record.chunkMs.push(now);
      if (this.#completionTokens < 0) {
        if (chunk.reasoningStart >= 0) this.#keep(buf, chunk.reasoningStart, chunk.reasoningEnd);
        if (chunk.contentStart >= 0) this.#keep(buf, chunk.contentStart, chunk.contentEnd);
      }
    }
    if (chunk.completionTokens !== null) this.#usage(chunk.promptTokens, chunk.completionTokens, withText);
  }

  /** One stream chunk parsed by JSON.parse (what the scan gave up on), read at `now`. Returns the error it carries, if any. */
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
      if (this.#completionTokens < 0) this.#keepText(text);
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
    if (this.#completionTokens < 0) this.#keepText(text);
    return null;
  }

  /** Fills usage, or the output text when the server sent no usage (kept for client-side token counts). */
  finish(keepText: boolean): void {
    const record = this.#record;
    if (this.#completionTokens >= 0) {
      record.usage = { promptTokens: Math.max(this.#promptTokens, 0), completionTokens: this.#completionTokens };
    } else if (keepText && this.#text !== null) {
      const raw = this.#text.toString('utf8', 0, this.#textLength);
      record.outputText = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    }
  }

  #keep(buf: Buffer, start: number, end: number): void {
    const length = this.#textLength + end - start;
    let text = this.#text;
    if (text === null || length > text.length) {
      const grown = Buffer.allocUnsafe(Math.max(256, 2 * length));
      if (text !== null) text.copy(grown, 0, 0, this.#textLength);
      this.#text = text = grown;
    }
    for (let i = start, at = this.#textLength; i < end; i++, at++) text[at] = buf[i]!;
    this.#textLength = length;
  }

  /** Text already decoded is kept in the same form as scanned text: JSON string contents. */
  #keepText(text: string): void {
    const bytes = jsonStringBytes(text);
    this.#keep(bytes, 0, bytes.length);
  }

  /** Usage is cumulative; with per-chunk usage (vLLM continuous_usage_stats) a content chunk's tokens are the step. */
  #readUsage(usage: UsageJson, withContent: boolean): void {
    const completion = usage.completion_tokens;
    if (typeof completion !== 'number') return;
    this.#usage(typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : null, completion, withContent);
  }

  #usage(prompt: number | null, completion: number, withContent: boolean): void {
    if (withContent) this.#record.chunkTokens.push(completion - Math.max(this.#completionTokens, 0));
    this.#completionTokens = completion;
    if (prompt !== null) this.#promptTokens = prompt;
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
