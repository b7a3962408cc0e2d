// Builds a chat-completions request body as byte pieces, with shared Buffers for images and the system prompt.
import { randomBytes } from 'node:crypto';
import { jsonStringBytes } from '../util/json-string-bytes.js';
import type { BodyPiece, PreparedRequest } from './prepared-request.js';
import { forcedOutputFields } from './presets.js';

/** A text used by many requests: the string, and its JSON-escaped bytes (no quotes) shared by every body. */
export interface SharedText {
  readonly text: string;
  readonly escaped: Buffer;
}

/** The key of the token cap: aiperf's default, or the older one (--use-legacy-max-tokens). */
export type MaxTokensKey = 'max_completion_tokens' | 'max_tokens';

export interface ChatRequestInput {
  readonly index: number;
  readonly model: string;
  readonly systemPrompt?: SharedText | undefined;
  readonly texts: readonly string[];
  /** Image URLs as JSON-escaped bytes without quotes (see image-refs), shared across requests. */
  readonly images: readonly Buffer[];
  /** The images' workload ids (see image-ids.ts), in the same order. */
  readonly imageIds: readonly number[];
  readonly imageUuids?: readonly string[] | undefined;
  /** --extra-inputs, merged after the token cap and the forced-output fields. */
  readonly extraInputs: Readonly<Record<string, unknown>>;
  /** The input line's own `extra`, merged after --extra-inputs: the line wins. */
  readonly lineExtra?: Readonly<Record<string, unknown>> | undefined;
  /** The entry's token cap (its output_length or OSL draw), written under `maxTokensKey`; ignored when output is forced. */
  readonly outputTokens?: number | undefined;
  /** Default max_completion_tokens. */
  readonly maxTokensKey?: MaxTokensKey | undefined;
  /** mmload's forced output length (see presets.forcedOutputFields); replaces the token cap. */
  readonly forcedOutputTokens?: number | undefined;
  /** false: one JSON reply; true (default): a stream that ends with a usage chunk. */
  readonly streaming?: boolean | undefined;
  /** Prompt tokens expected by Qwen3-VL's arithmetic, when known. */
  readonly expectedIsl?: number | null | undefined;
  /** The input line's `timestamp` (ms), replayed by --fixed-schedule. */
  readonly timestampMs?: number | null | undefined;
}

// A placeholder string per shared piece; the per-process nonce keeps user text from ever matching one.
const nonce = randomBytes(8).toString('hex');
const placeholder = (slot: number): string => `\u0000mmload-${nonce}-${slot}\u0000`;
// A raw slot stands for whole array elements: its quotes and the comma after it go with it.
const rawPlaceholder = (slot: number): string => `\u0000mmload-${nonce}-raw-${slot}\u0000`;
const serialisedPlaceholder = new RegExp(`"\\\\u0000mmload-${nonce}-raw-(\\d+)\\\\u0000",|\\\\u0000mmload-${nonce}-(\\d+)\\\\u0000`, 'g');

/**
 * A piece of no bytes that marks where a conversation turn's history goes in its body (before the turn's own message):
 * replaced at send time by the earlier messages, each followed by a comma. Left in place, the body is the turn alone.
 */
export const HISTORY_SLOT: Buffer = Buffer.alloc(0);

export function shareText(text: string): SharedText {
  return { text, escaped: jsonStringBytes(text) };
}

/**
 * The chat request for one entry, with aiperf 0.8.0's keys in its order: `messages` (an optional system
 * message, then one user message: a lone text with no image as plain string content, else text parts then
 * image parts), `model`, `stream` (always written), the token cap when the entry has one, mmload's
 * forced-output fields, --extra-inputs, the line's `extra`, then `stream_options` when the merged `stream`
 * is on. A key merged again keeps its first position and takes the later value.
 */
export function buildChatRequest(input: ChatRequestInput): PreparedRequest {
  return chatRequest(input, 'user', false).request;
}

/** A conversation turn's request and its own message's pieces (what the history of later turns carries). */
export interface ChatTurn {
  /** The turn alone, HISTORY_SLOT before its message (see conversation.ts). */
  readonly request: PreparedRequest;
  /** `{"role": …, "content": …}` as in the body, its images the same shared pieces. */
  readonly message: readonly BodyPiece[];
}

/** As buildChatRequest, with the message sent under `role` (aiperf's turn role) and room for the history before it. */
export function buildChatTurn(input: ChatRequestInput, role: string): ChatTurn {
  return chatRequest(input, role, true);
}

function chatRequest(input: ChatRequestInput, role: string, turn: boolean): ChatTurn {
  const { slot, rawSlot, pieces: piecesOf, value } = sharedPieces();

  const texts = input.texts.filter((t) => t.length > 0);
  const parts: unknown[] = texts.map((text) => ({ type: 'text', text }));
  input.images.forEach((url, i) => {
    const uuid = input.imageUuids?.[i];
    parts.push({ type: 'image_url', image_url: { url: slot(url) }, ...(uuid === undefined ? {} : { uuid }) });
  });
  const messages: unknown[] = [];
  if (input.systemPrompt) messages.push({ role: 'system', content: slot(input.systemPrompt.escaped) });
  if (turn) messages.push(rawSlot(HISTORY_SLOT));
  const message = { role, content: userContent(texts, parts) };
  messages.push(message);

  // A Map keeps insertion order for every key (an object would put integer-like keys first).
  const body = new Map<string, unknown>([['messages', messages], ['model', input.model], ['stream', input.streaming !== false]]);
  const forced = input.forcedOutputTokens;
  const requestedOsl = forced ?? input.outputTokens ?? null;
  if (forced === undefined && input.outputTokens !== undefined) body.set(input.maxTokensKey ?? 'max_completion_tokens', input.outputTokens);
  for (const fields of [forced === undefined ? {} : forcedOutputFields(forced), input.extraInputs, input.lineExtra ?? {}]) {
    for (const [key, value] of Object.entries(fields)) body.set(key, value);
  }
  if (truthy(body.get('stream'))) body.set('stream_options', withUsage(body.get('stream_options')));

  const pieces = piecesOf(body);
  const request: PreparedRequest = {
    index: input.index,
    body: pieces,
    bodyBytes: pieces.reduce((sum, piece) => sum + piece.length, 0),
    promptTexts: input.systemPrompt ? [input.systemPrompt.text, ...texts] : texts,
    images: input.images,
    imageIds: input.imageIds,
    expectedIsl: input.expectedIsl ?? null,
    requestedOsl,
    timestampMs: input.timestampMs ?? null,
  };
  return { request, message: turn ? value(message) : [] };
}

/** Plain string for exactly one text and no image; "" for nothing at all; else the parts. */
function userContent(texts: readonly string[], parts: readonly unknown[]): unknown {
  if (texts.length === 1 && parts.length === 1) return texts[0];
  return parts.length === 0 ? '' : parts;
}

/** Absent: {"include_usage": true}; an object: a copy with include_usage defaulting to true; anything else as given. */
function withUsage(given: unknown): unknown {
  if (given === undefined) return { include_usage: true };
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return given;
  return 'include_usage' in given ? { ...given } : { ...given, include_usage: true };
}

/** Python's truthiness of a JSON value, as aiperf tests the merged `stream`. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * A body's shared pieces: `slot(piece)` stands for a shared piece (a Buffer, or a spooled one) inside a value (a string that JSON keeps as it is);
 * `pieces(body)` serialises an ordered map of top-level keys compactly and splits it at the slots, so each shared Buffer
 * is referenced, never copied.
 */
export function sharedPieces(): {
  slot(piece: BodyPiece): string;
  /** Stands for `piece` as whole elements of an array, followed by a comma: an element of it, never its last. */
  rawSlot(piece: BodyPiece): string;
  pieces(body: ReadonlyMap<string, unknown>): BodyPiece[];
  /** One JSON value, compact, split at its slots. */
  value(value: unknown): BodyPiece[];
} {
  const shared: BodyPiece[] = [];
  return {
    slot: (piece) => placeholder(shared.push(piece) - 1),
    rawSlot: (piece) => rawPlaceholder(shared.push(piece) - 1),
    pieces: (body) => splitAtPlaceholders(objectJson(body), shared),
    value: (value) => splitAtPlaceholders(JSON.stringify(value), shared),
  };
}

/** Compact JSON of an ordered map of top-level keys. */
function objectJson(body: ReadonlyMap<string, unknown>): string {
  const members: string[] = [];
  for (const [key, value] of body) if (value !== undefined) members.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{${members.join(',')}}`;
}

function splitAtPlaceholders(json: string, shared: readonly BodyPiece[]): BodyPiece[] {
  const pieces: BodyPiece[] = [];
  let from = 0;
  for (const match of json.matchAll(serialisedPlaceholder)) {
    if (match.index > from) pieces.push(Buffer.from(json.slice(from, match.index), 'utf8'));
    pieces.push(shared[Number(match[1] ?? match[2])]!);
    from = match.index + match[0].length;
  }
  if (from < json.length) pieces.push(Buffer.from(json.slice(from), 'utf8'));
  return pieces;
}
