// Writes the fixture server's reply to one chat request: a timed SSE stream or one JSON body, with its fault.
import type { ServerResponse } from 'node:http';
import type { ChatRequest } from './chat-request.js';
import { errorObject, isStreamFault, strikeStream, type Fault, type StreamFault } from './faults.js';

/** How and when to reply to one request. */
export interface ReplyPlan {
  readonly id: string;
  readonly model: string;
  readonly request: ChatRequest;
  /** performance.now() when the body was fully received: every due time counts from here, so nothing drifts. */
  readonly arrivalMs: number;
  readonly ttftMs: number;
  readonly itlMs: number;
  readonly tokensPerChunk: number;
  readonly lineEnding: '\n' | '\r\n';
  readonly fault: Fault | null;
  /** Receives the epoch ms at which each content chunk was written (ground truth for tests). */
  readonly tokenEpochMs: number[];
}

/** The text of one generated token. */
const TOKEN = ' tok';

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Streams vLLM's chunk sequence: role chunk at once, then content chunks where token k is due at
 * arrival + ttft + k * itl (a chunk goes out when its last token is due), the last with finish_reason
 * "length", a usage chunk with `choices: []`, then [DONE].
 */
export function writeStream(res: ServerResponse, plan: ReplyPlan): void {
  const { request, tokensPerChunk, tokenEpochMs } = plan;
  const total = request.outputTokens;
  const end = plan.lineEnding + plan.lineEnding;
  const head = `{"id":"${plan.id}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(plan.model)},"choices":`;
  const send = (json: string): void => void res.write(`data: ${json}${end}`);
  let fault: StreamFault | null = isStreamFault(plan.fault) ? plan.fault : null;
  let written = 0;
  let stalledMs = 0;
  let timer: NodeJS.Timeout | null = null;
  res.on('close', () => {
    if (timer !== null) clearTimeout(timer);
  });

  const step = (): void => {
    timer = null;
    for (;;) {
      if (fault !== null && written >= fault.afterTokens) {
        if (fault.kind !== 'stall') return strikeStream(res, fault, end);
        stalledMs += fault.ms;
        fault = null;
      }
      if (written === total) break;
      const count = Math.min(tokensPerChunk, total - written);
      const wait = plan.arrivalMs + stalledMs + plan.ttftMs + (written + count - 1) * plan.itlMs - performance.now();
      if (wait > 0) {
        timer = setTimeout(step, wait);
        return;
      }
      written += count;
      const finish = written === total ? '"length"' : 'null';
      send(`${head}[{"index":0,"delta":{"content":"${TOKEN.repeat(count)}"},"logprobs":null,"finish_reason":${finish}}]}`);
      tokenEpochMs.push(epochNow());
    }
    if (plan.fault?.kind !== 'no-usage') send(`${head}[],"usage":${usageJson(request)}}`);
    send('[DONE]');
    res.end();
  };

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  send(`${head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`);
  step();
}

/** Replies with one `chat.completion` body once every token is due (later by a stall, if any). */
export function writeReply(res: ServerResponse, plan: ReplyPlan): void {
  const { request, fault } = plan;
  const stall = fault?.kind === 'stall' ? fault.ms : 0;
  const due = plan.arrivalMs + stall + plan.ttftMs + (request.outputTokens - 1) * plan.itlMs;
  const timer = setTimeout(() => {
    if (fault?.kind === 'reset') {
      res.destroy();
      return;
    }
    let body: string;
    if (fault?.kind === 'malformed') body = '{not json';
    else if (fault?.kind === 'error-event') body = JSON.stringify(errorObject(500, fault.message));
    else {
      const usage = fault?.kind === 'no-usage' ? '' : `,"usage":${usageJson(request)}`;
      const message = JSON.stringify({ role: 'assistant', content: TOKEN.repeat(request.outputTokens) });
      body = `{"id":"${plan.id}","object":"chat.completion","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(plan.model)},"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":"length"}]${usage}}`;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    plan.tokenEpochMs.push(epochNow());
  }, Math.max(0, due - performance.now()));
  res.on('close', () => clearTimeout(timer));
}

function usageJson(request: ChatRequest): string {
  const { promptTokens, outputTokens } = request;
  return `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + outputTokens},"completion_tokens":${outputTokens}}`;
}
