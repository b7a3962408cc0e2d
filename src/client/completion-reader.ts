// Reads OpenAI chat-completion JSON (stream chunks and whole replies) into one request's record.
import type { RequestError, RequestRecord } from './request-record.js';
import { errorEvent, requestError } from './request-errors.js';
import type { ScannedChunk } from './chunk-scan.js';
import { jsonStringBytes } from '../util/json-string-bytes.js';

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
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: unknown } | null;
}
/** The parts of a `chat.completion` or `chat.completion.chunk` object the client reads. */
export interface CompletionJson {
  choices?: ChoiceJson[] | null;
  usage?: UsageJson | null;
  error?: unknown;
  /** "error" in vLLM's error response, whose message and code sit at the top level. */
  object?: unknown;
}

/**
 * Accumulates content chunks, finish reason, usage and (when asked) the text of one request. Text is kept
 * undecoded, as the JSON string contents it arrived in, copied end to end into a growing buffer per kind (a
 * concatenation of JSON string contents is itself one), and decoded once when the request ends.
 */
export class CompletionReader {
  readonly #record: RequestRecord;
  readonly #content: TextBuffer | null;
  readonly #reasoning: TextBuffer | null;
  /** Latest usage figures seen (each the last one the server gave); completion −1 until a usage object arrives. */
  #promptTokens: number | null = null;
  #completionTokens = -1;
  #reasoningTokens: number | null = null;
  #cachedTokens: number | null = null;

  /** `keepText`: keep the content and reasoning text for client-side token counts. */
  constructor(record: RequestRecord, keepText: boolean) {
    this.#record = record;
    this.#content = keepText ? new TextBuffer() : null;
    this.#reasoning = keepText ? new TextBuffer() : null;
  }

  /** One stream chunk scanned from `buf` (see chunk-scan.ts), read at `now`. */
  readScanned(chunk: ScannedChunk, buf: Buffer, now: number): void {
    const record = this.#record;
    if (chunk.finishReason !== null) record.finishReason = chunk.finishReason;
    const withText = chunk.reasoningStart >= 0 || chunk.contentStart >= 0;
    if (withText) {
      record.chunkMs.push(now);
      if (chunk.reasoningStart >= 0) this.#reasoning?.keep(buf, chunk.reasoningStart, chunk.reasoningEnd);
      if (chunk.contentStart >= 0) this.#content?.keep(buf, chunk.contentStart, chunk.contentEnd);
    }
    if (chunk.completionTokens !== null) {
      this.#usage(chunk.promptTokens, chunk.completionTokens, chunk.reasoningTokens, chunk.cachedTokens, withText);
    }
  }

  /** One stream chunk parsed by JSON.parse (what the scan gave up on), read at `now`. Returns the error it carries, if any. */
  readChunk(json: CompletionJson, now: number): RequestError | null {
    const withText = this.#readChoice(json, 'delta');
    if (typeof withText !== 'boolean') return withText;
    if (withText) this.#record.chunkMs.push(now);
    if (json.usage != null) this.#readUsage(json.usage, withText);
    return null;
  }

  /** A whole non-streaming reply, read at `now`: its content counts as one chunk. */
  readReply(json: CompletionJson, now: number): RequestError | null {
    const withText = this.#readChoice(json, 'message');
    if (typeof withText !== 'boolean') return withText;
    if (json.usage != null) this.#readUsage(json.usage, false);
    if (!withText) return requestError('empty_response', 'reply carried no content');
    this.#record.chunkMs.push(now);
    return null;
  }

  /** The error a chunk or reply carries; else reads its first choice's text (of `part`) and finish reason, and says whether it had text. */
  #readChoice(json: CompletionJson, part: 'delta' | 'message'): RequestError | boolean {
    const carried = carriedError(json);
    if (carried) return carried;
    const choice = json.choices?.[0];
    if (choice == null) return false;
    if (typeof choice.finish_reason === 'string') this.#record.finishReason = choice.finish_reason;
    return this.#readText(choice[part]);
  }

  /** Fills the record's usage and, when kept, its text (only for a success: a failure's output is not counted). */
  finish(success: boolean): void {
    const record = this.#record;
    if (this.#completionTokens >= 0) {
      record.usage = {
        promptTokens: this.#promptTokens, completionTokens: this.#completionTokens,
        reasoningTokens: this.#reasoningTokens, cachedTokens: this.#cachedTokens,
      };
    }
    if (success) {
      record.contentText = this.#content?.text() ?? null;
      record.reasoningText = this.#reasoning?.text() ?? null;
    }
  }

  /** Keeps a delta's or message's texts; true when it carried any (reasoning or content, non-empty). */
  #readText(fields: TextFields | null | undefined): boolean {
    if (fields == null) return false;
    const { content } = fields;
    const reasoning = fields.reasoning_content ?? fields.reasoning;
    const hasContent = typeof content === 'string' && content.length > 0;
    const hasReasoning = typeof reasoning === 'string' && reasoning.length > 0;
    if (hasReasoning) this.#reasoning?.keepString(reasoning);
    if (hasContent) this.#content?.keepString(content);
    return hasContent || hasReasoning;
  }

  #readUsage(usage: UsageJson, withContent: boolean): void {
    const completion = usage.completion_tokens;
    if (typeof completion !== 'number') return;
    this.#usage(numberOrNull(usage.prompt_tokens), completion, numberOrNull(usage.completion_tokens_details?.reasoning_tokens),
      numberOrNull(usage.prompt_tokens_details?.cached_tokens), withContent);
  }

  /** Usage is cumulative; with per-chunk usage (vLLM continuous_usage_stats) a content chunk's tokens are the step. */
  #usage(prompt: number | null, completion: number, reasoning: number | null, cached: number | null, withContent: boolean): void {
    if (withContent) this.#record.chunkTokens.push(completion - Math.max(this.#completionTokens, 0));
    this.#completionTokens = completion;
    if (prompt !== null) this.#promptTokens = prompt;
    if (reasoning !== null) this.#reasoningTokens = reasoning;
    if (cached !== null) this.#cachedTokens = cached;
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/** Text as the JSON string contents it arrived in, appended into one growing buffer, decoded once at the end. */
class TextBuffer {
  #bytes: Buffer | null = null;
  #length = 0;

  keep(buf: Buffer, start: number, end: number): void {
    const length = this.#length + end - start;
    let bytes = this.#bytes;
    if (bytes === null || length > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(256, 2 * length));
      if (bytes !== null) bytes.copy(grown, 0, 0, this.#length);
      this.#bytes = bytes = grown;
    }
    for (let i = start, at = this.#length; i < end; i++, at++) bytes[at] = buf[i]!;
    this.#length = length;
  }

  /** Text already decoded is kept in the same form as scanned text: JSON string contents. */
  keepString(text: string): void {
    const bytes = jsonStringBytes(text);
    this.keep(bytes, 0, bytes.length);
  }

  /** The text kept, decoded; null when none came. */
  text(): string | null {
    if (this.#bytes === null) return null;
    const raw = this.#bytes.toString('utf8', 0, this.#length);
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  }
}

/** The error a chunk or reply carries: an `error` member ({"error": {...}}), or vLLM's {"object": "error", "message", "code"}. */
function carriedError(json: CompletionJson): RequestError | null {
  if (json.error != null) return errorEvent(json.error);
  return json.object === 'error' ? errorEvent(json) : null;
}
