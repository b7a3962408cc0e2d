// Validates a chat-completions request body for the fixture server and reads what shapes its reply.

/** What the server needs from a request body. */
export interface ChatRequest {
  readonly stream: boolean;
  /** max_completion_tokens, else max_tokens, else the server's default. */
  readonly outputTokens: number;
  /** A rough prompt size: characters of the text parts / 4. */
  readonly promptTokens: number;
}

interface BodyJson {
  messages?: unknown;
  stream?: unknown;
  stream_options?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
}

/** The request's settings, or the message of a 400 reply. */
export function readChatRequest(body: unknown, defaultOutputTokens: number): ChatRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'request body must be a JSON object';
  const json = body as BodyJson;
  if (!Array.isArray(json.messages) || json.messages.length === 0) return 'messages must be a non-empty array';
  const stream = json.stream === true;
  if (json.stream_options != null && !stream) return 'Stream options can only be defined when `stream=True`.';
  const limit = positiveInteger(json.max_completion_tokens) ?? positiveInteger(json.max_tokens);
  return { stream, outputTokens: limit ?? defaultOutputTokens, promptTokens: Math.ceil(textLength(json.messages) / 4) };
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** Characters in the messages' text: string contents and `{"type":"text","text":...}` parts. */
function textLength(messages: unknown[]): number {
  let length = 0;
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content === 'string') length += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown } | null)?.text;
        if (typeof text === 'string') length += text.length;
      }
    }
  }
  return length;
}
