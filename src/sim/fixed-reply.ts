// The fixture server's reply: a SimReply driven by a fixed clock, where token k is due at arrival + ttft + (k-1)·itl.
import type { ServerResponse } from 'node:http';
import { isStreamFault, type Fault } from './faults.js';
import { SimReply } from './sim-reply.js';
import type { SimRequest } from './sim-request.js';

/** The fixture server's settings, the same for every request. */
export interface FixedClock {
  readonly ttftMs: number;
  readonly itlMs: number;
  readonly tokensPerChunk: number;
  readonly lineEnding: '\n' | '\r\n';
  /** Used when the request names no max_tokens / max_completion_tokens. */
  readonly defaultOutputTokens: number;
}

/** One request's reply. */
export interface FixedReply {
  readonly id: string;
  readonly model: string;
  readonly request: SimRequest;
  /** performance.now() when the body was fully received: every due time counts from here, so nothing drifts. */
  readonly arrivalMs: number;
  /** Any fault but an HTTP one. */
  readonly fault: Fault | null;
  /** Receives the epoch ms just before each content chunk was written (ground truth for tests). */
  readonly tokenEpochMs: number[];
}

/**
 * Streams the role chunk at once, then chunks of `tokensPerChunk` tokens, each when its last token is
 * due, finish_reason "length", the usage chunk unless the fault is no-usage, and [DONE]; without
 * streaming one body when the last token is due. Streamed, a fault acts once `afterTokens` tokens are
 * out: a stall puts every later due time off by its ms (without streaming, the body's), any other
 * fault strikes at once.
 */
export function sendFixedReply(res: ServerResponse, clock: FixedClock, reply: FixedReply): void {
  const { request, fault } = reply;
  const total = request.maxTokens ?? clock.defaultOutputTokens;
  const size = request.stream ? clock.tokensPerChunk : total;
  // From `from` tokens on, every due time moves by `late`: a stall's ms, or at once for a stream fault that
  // strikes (the writer then cuts the stream instead of writing the chunk). A body is due `late` after its time.
  const from = !request.stream ? 0 : isStreamFault(fault) ? fault.afterTokens : Infinity;
  const late = fault?.kind === 'stall' ? fault.ms : request.stream ? -Infinity : 0;
  let generated = 0;
  let struck = false;
  let timer: NodeJS.Timeout | null = null;
  const writer = new SimReply(res, {
    id: reply.id, model: reply.model, stream: request.stream, includeUsage: fault?.kind !== 'no-usage',
    promptTokens: estimatePromptTokens(request.messages), outputTokens: total, finishReason: 'length',
    tokensPerChunk: clock.tokensPerChunk, lineEnding: clock.lineEnding, eagerRole: true,
    fault: isStreamFault(fault) && fault.kind !== 'stall' ? fault : null, tokenEpochMs: reply.tokenEpochMs,
    onStruck: () => (struck = true),
  });
  res.on('close', () => {
    if (timer !== null) clearTimeout(timer);
  });

  // Every token due by now is handed over at once, so chunks due together go out together.
  const step = (): void => {
    timer = null;
    let due = generated;
    while (due < total && !struck) {
      const next = Math.min(due + size, total);
      const wait = reply.arrivalMs + clock.ttftMs + (next - 1) * clock.itlMs + (due >= from ? late : 0) - performance.now();
      if (wait > 0) {
        timer = setTimeout(step, wait);
        break;
      }
      due = next;
    }
    if (due > generated) {
      generated = due;
      writer.token(generated);
    }
  };
  step();
}

/** A rough prompt size: characters of the text (string contents and `{"type":"text","text":...}` parts) / 4. */
function estimatePromptTokens(messages: readonly unknown[]): number {
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
  return Math.ceil(length / 4);
}
