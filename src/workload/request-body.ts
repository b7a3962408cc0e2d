// Builds a chat-completions request body as byte pieces, with shared Buffers for images and the system prompt.
import { randomBytes } from 'node:crypto';
import type { PreparedRequest } from './prepared-request.js';

/** A text used by many requests: the string, and its JSON-escaped bytes (no quotes) shared by every body. */
export interface SharedText {
  readonly text: string;
  readonly escaped: Buffer;
}

export interface ChatRequestInput {
  readonly index: number;
  readonly model: string;
  readonly systemPrompt?: SharedText | undefined;
  readonly texts: readonly string[];
  /** Image URLs as JSON-escaped bytes without quotes (see image-refs), shared across requests. */
  readonly images: readonly Buffer[];
  readonly imageUuids?: readonly string[] | undefined;
  /** --extra-inputs: merged last, overriding every other key. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** The input line's own `extra`: merged before --extra-inputs. */
  readonly perLineExtra?: Readonly<Record<string, unknown>> | undefined;
  readonly maxTokens?: number | undefined;
  /** false: one JSON reply (MLPerf's requests); streaming asks for usage in the stream. Default true. */
  readonly streaming?: boolean | undefined;
  /** Fields forcing the output length (see presets.forcedOutputFields): after max_tokens, before the line's `extra`. */
  readonly forcedOutput?: Readonly<Record<string, unknown>> | undefined;
  /** Prompt tokens expected by Qwen3-VL's arithmetic, when known. */
  readonly expectedIsl?: number | null | undefined;
  /** The input line's `timestamp` (ms), replayed by --fixed-schedule. */
  readonly timestampMs?: number | null | undefined;
}

// A placeholder string per shared piece; the per-process nonce keeps user text from ever matching one.
const nonce = randomBytes(8).toString('hex');
const placeholder = (slot: number): string => `\u0000mmload-${nonce}-${slot}\u0000`;
const serialisedPlaceholder = new RegExp(`\\\\u0000mmload-${nonce}-(\\d+)\\\\u0000`, 'g');

/** The bytes of `text` inside a JSON string literal, without the quotes. */
export function jsonStringBytes(text: string): Buffer {
  return Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8');
}

export function shareText(text: string): SharedText {
  return { text, escaped: jsonStringBytes(text) };
}

/**
 * The streaming chat request for one prompt: an optional system message, then one user message with
 * text parts first and image parts after (a lone text with no image is sent as plain string content,
 * as aiperf does). Keys are merged in this order, later winning: the base fields, max_tokens, the
 * forced-output fields, the line's `extra`, --extra-inputs.
 */
export function buildChatRequest(input: ChatRequestInput): PreparedRequest {
  const shared: Buffer[] = [];
  const slot = (piece: Buffer): string => placeholder(shared.push(piece) - 1);

  const texts = input.texts.filter((t) => t.length > 0);
  const parts: unknown[] = texts.map((text) => ({ type: 'text', text }));
  input.images.forEach((url, i) => {
    const uuid = input.imageUuids?.[i];
    parts.push({ type: 'image_url', image_url: { url: slot(url) }, ...(uuid === undefined ? {} : { uuid }) });
  });
  const messages: unknown[] = [];
  if (input.systemPrompt) messages.push({ role: 'system', content: slot(input.systemPrompt.escaped) });
  messages.push({ role: 'user', content: input.images.length === 0 && texts.length === 1 ? texts[0] : parts });

  const body = {
    model: input.model,
    messages,
    ...(input.streaming === false ? { stream: false } : { stream: true, stream_options: { include_usage: true } }),
    ...(input.maxTokens === undefined ? {} : { max_tokens: input.maxTokens }),
    ...input.forcedOutput,
    ...input.perLineExtra,
    ...input.extra,
  };
  const pieces = splitAtPlaceholders(JSON.stringify(body), shared);
  return {
    index: input.index,
    body: pieces,
    bodyBytes: pieces.reduce((sum, piece) => sum + piece.length, 0),
    promptTexts: input.systemPrompt ? [input.systemPrompt.text, ...texts] : texts,
    images: input.images,
    expectedIsl: input.expectedIsl ?? null,
    timestampMs: input.timestampMs ?? null,
    requestedOsl: input.maxTokens ?? (input.forcedOutput?.max_tokens as number | undefined) ?? null,
  };
}

function splitAtPlaceholders(json: string, shared: readonly Buffer[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const match of json.matchAll(serialisedPlaceholder)) {
    if (match.index > from) pieces.push(Buffer.from(json.slice(from, match.index), 'utf8'));
    pieces.push(shared[Number(match[1])]!);
    from = match.index + match[0].length;
  }
  if (from < json.length) pieces.push(Buffer.from(json.slice(from), 'utf8'));
  return pieces;
}
