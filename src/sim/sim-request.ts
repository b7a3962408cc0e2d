// Reads a chat-completions request as vLLM does: the body (slowly, if asked), its JSON, the settings that shape the reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './faults.js';

/** The request settings the servers honour; the simulator checks messages later, with their images (prompt-plan). */
export interface SimRequest {
  readonly model: string | null;
  readonly messages: readonly unknown[];
  readonly stream: boolean;
  /** stream_options.include_usage: the simulator sends the usage chunk only when asked. */
  readonly includeUsage: boolean;
  /** max_completion_tokens, else max_tokens; null: up to the context length. */
  readonly maxTokens: number | null;
  readonly minTokens: number;
  readonly ignoreEos: boolean;
}

interface BodyJson {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  min_tokens?: unknown;
  ignore_eos?: unknown;
}

/** The whole body; with `pauseMs` > 0 reading stops for that long after each chunk (TCP pushes back on the sender). */
export function readBody(req: IncomingMessage, pauseMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => {
      parts.push(part);
      if (pauseMs > 0) {
        req.pause();
        setTimeout(() => req.resume(), pauseMs);
      }
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('close', () => reject(new Error('the client closed the request before sending all of it')));
  });
}

/** The body's JSON; undefined once a 400 has answered a body that is not JSON. */
export function parseBody(raw: Buffer, res: ServerResponse): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    sendError(res, 400, 'request body is not valid JSON');
    return undefined;
  }
}

/** The settings, or the message of a 400 reply. */
export function readSimRequest(body: unknown): SimRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object';
  const json = body as BodyJson;
  if (json.model != null && typeof json.model !== 'string') return 'model must be a string';
  if (!Array.isArray(json.messages) || json.messages.length === 0) return 'messages must be a non-empty array';
  if (json.stream != null && typeof json.stream !== 'boolean') return 'stream must be a boolean';
  const stream = json.stream === true;
  const options = json.stream_options;
  if (options != null) {
    if (!stream) return 'Stream options can only be defined when `stream=True`.';
    if (typeof options !== 'object' || Array.isArray(options)) return 'stream_options must be an object';
  }
  const includeUsage = (options as { include_usage?: unknown } | null | undefined)?.include_usage ?? false;
  if (typeof includeUsage !== 'boolean') return 'stream_options.include_usage must be a boolean';
  const maxCompletion = integerField(json.max_completion_tokens, 'max_completion_tokens', 1);
  if (typeof maxCompletion === 'string') return maxCompletion;
  const max = integerField(json.max_tokens, 'max_tokens', 1);
  if (typeof max === 'string') return max;
  const min = integerField(json.min_tokens, 'min_tokens', 0);
  if (typeof min === 'string') return min;
  const maxTokens = maxCompletion ?? max;
  if (min !== null && maxTokens !== null && min > maxTokens) return `min_tokens must be less than or equal to max_tokens=${maxTokens}, got ${min}.`;
  if (json.ignore_eos != null && typeof json.ignore_eos !== 'boolean') return 'ignore_eos must be a boolean';
  return {
    model: json.model ?? null,
    messages: json.messages,
    stream,
    includeUsage,
    maxTokens,
    minTokens: min ?? 0,
    ignoreEos: json.ignore_eos === true,
  };
}

/** null when absent, the integer when valid, else the 400 message. */
function integerField(value: unknown, name: string, least: number): number | null | string {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${name} must be an integer`;
  if (value < least) return `${name} must be at least ${least}, got ${value}.`;
  return value;
}

/** How long the reply is, and why it ends there. */
export interface OutputPlan {
  readonly tokens: number;
  readonly finishReason: 'length' | 'stop';
}

/**
 * The reply's length: with ignore_eos exactly the limit (max_tokens, else what the context has left);
 * without it the model "emits EOS" at a seeded length in [eosMin, eosMax] (or after `answerTokens`, an answer's
 * length), never before min_tokens and never past the limit. Returns a 400 message when the prompt and max_tokens do
 * not fit the context.
 */
export function planOutput(
  request: SimRequest, promptTokens: number, limits: { maxModelLen: number; eosMin: number; eosMax: number }, random: () => number, answerTokens: number | null = null,
): OutputPlan | string {
  const { maxModelLen, eosMin, eosMax } = limits;
  if (promptTokens >= maxModelLen) {
    return `This model's maximum context length is ${maxModelLen} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`;
  }
  const room = maxModelLen - promptTokens;
  if (request.maxTokens !== null && request.maxTokens > room) {
    return `'max_tokens' or 'max_completion_tokens' is too large: ${request.maxTokens}. This model's maximum context length is ${maxModelLen} tokens and your request has ${promptTokens} input tokens (${request.maxTokens} > ${maxModelLen} - ${promptTokens}).`;
  }
  const limit = request.maxTokens ?? room;
  // Drawn even for an answer, so the fault drawn next is the same either way.
  const drawn = eosMin + Math.floor(random() * (eosMax - eosMin + 1));
  const eos = answerTokens ?? drawn;
  if (request.ignoreEos) return { tokens: limit, finishReason: 'length' };
  const tokens = Math.min(limit, Math.max(eos, request.minTokens, 1));
  return { tokens, finishReason: tokens === limit ? 'length' : 'stop' };
}
