// Writes one simulated reply as the engine produces its tokens: vLLM's SSE chunks, or one JSON body at the end, with its fault.
import type { ServerResponse } from 'node:http';
import { isStreamFault, strikeStream, type Fault } from './faults.js';

export interface ReplySpec {
  readonly id: string;
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly finishReason: 'length' | 'stop';
  /** A stream fault or a stall; HTTP faults are answered before a reply starts. */
  readonly fault: Fault | null;
  /** Receives the epoch ms of each content chunk written (of the body, without streaming); null keeps none. */
  readonly tokenEpochMs: number[] | null;
  /** The fault cut the stream short: the engine should drop the job. */
  onStruck(): void;
}

/** The text of every generated token (one Qwen3 token). */
const TOKEN = ' tok';
const END = '\n\n';

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Streaming follows vLLM: headers at once; with the first token the role chunk
 * (`delta: {role: "assistant", content: ""}`); one chunk per token, the last with finish_reason;
 * the usage chunk (`choices: []`) only when stream_options.include_usage; then `data: [DONE]`.
 * A stall holds tokens back and sends them together when it ends.
 */
export class SimReply {
  private written = 0;
  private held = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  private fault: Fault | null;
  private readonly head: string;
  /** The chunk of every token but the last: the same bytes each time. */
  private readonly chunk: string;

  constructor(private readonly res: ServerResponse, private readonly spec: ReplySpec) {
    this.fault = spec.fault;
    const object = spec.stream ? 'chat.completion.chunk' : 'chat.completion';
    this.head = `{"id":${JSON.stringify(spec.id)},"object":"${object}","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(spec.model)}`;
    this.chunk = `data: ${this.head},"choices":[{"index":0,"delta":{"content":"${TOKEN}"},"logprobs":null,"finish_reason":null}]}${END}`;
    // Headers go out at once, as vLLM's do; Node would otherwise hold them until the first token.
    if (spec.stream) res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }).flushHeaders();
    res.on('close', () => {
      if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    });
  }

  /** The engine produced its next token (`generated` so far). */
  token(generated: number): void {
    if (!this.spec.stream) {
      if (generated === this.spec.outputTokens) this.sendBody();
    } else if (this.stallTimer !== null) this.held++;
    else this.send(1);
  }

  private send(count: number): void {
    for (let i = 0; i < count; i++) {
      const fault = this.fault;
      if (isStreamFault(fault) && this.written >= fault.afterTokens) {
        this.fault = null;
        if (fault.kind === 'stall') {
          this.held = count - i;
          this.stallTimer = setTimeout(this.endStall, fault.ms);
          return;
        }
        strikeStream(this.res, fault, END);
        this.spec.onStruck();
        return;
      }
      this.writeToken();
    }
  }

  private readonly endStall = (): void => {
    this.stallTimer = null;
    const held = this.held;
    this.held = 0;
    this.send(held);
  };

  private writeToken(): void {
    const { res, spec } = this;
    const n = ++this.written;
    if (n === 1) res.write(`data: ${this.head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}${END}`);
    if (n < spec.outputTokens) res.write(this.chunk);
    else {
      res.write(`data: ${this.head},"choices":[{"index":0,"delta":{"content":"${TOKEN}"},"logprobs":null,"finish_reason":"${spec.finishReason}"}]}${END}`);
      if (spec.includeUsage) res.write(`data: ${this.head},"choices":[],"usage":${this.usage()}}${END}`);
      res.end(`data: [DONE]${END}`);
    }
    spec.tokenEpochMs?.push(epochNow());
  }

  /** The whole reply at once, when the last token is due; a stall delays it, a reset drops it, malformed breaks it. */
  private sendBody(): void {
    const { res, spec } = this;
    const fault = this.fault;
    this.fault = null;
    if (fault?.kind === 'stall') {
      this.stallTimer = setTimeout(() => this.sendBody(), fault.ms);
      return;
    }
    if (fault?.kind === 'reset') {
      res.destroy();
      return;
    }
    const message = JSON.stringify({ role: 'assistant', content: TOKEN.repeat(spec.outputTokens) });
    const body = fault?.kind === 'malformed'
      ? '{not json'
      : `${this.head},"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":"${spec.finishReason}"}],"usage":${this.usage()}}`;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    spec.tokenEpochMs?.push(epochNow());
  }

  private usage(): string {
    const { promptTokens, outputTokens } = this.spec;
    return `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + outputTokens},"completion_tokens":${outputTokens}}`;
  }
}
