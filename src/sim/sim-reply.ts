// Writes one chat reply as its tokens are generated: vLLM's SSE chunks, or one JSON body at the end, with its fault.
import type { ServerResponse } from 'node:http';
import { epochNow } from '../util/epoch-now.js';
import { errorObject, isStreamFault, strikeStream, type Fault } from './faults.js';

export interface ReplySpec {
  readonly id: string;
  readonly model: string;
  readonly stream: boolean;
  /** The usage chunk (`choices: []`) of a stream, the usage field of a body. */
  readonly includeUsage: boolean;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly finishReason: 'length' | 'stop';
  /** Content tokens per chunk: a chunk goes out once its last token is generated. */
  readonly tokensPerChunk: number;
  readonly lineEnding: '\n' | '\r\n';
  /** The role chunk goes out with the headers, not with the first content chunk. */
  readonly eagerRole: boolean;
  /** A stream fault or a stall (no-usage and HTTP faults are the caller's); in a body, each acts on the whole reply. */
  readonly fault: Fault | null;
  /** Receives the epoch ms just before each content chunk is written (the body, without streaming); null keeps none. */
  readonly tokenEpochMs: number[] | null;
  /** The fault cut the stream short: no more tokens are wanted. */
  onStruck(): void;
  /** The text of each generated token, in order (an answer); tokens past its end, or all without it, are TOKEN. */
  readonly tokenTexts?: readonly string[];
}

/** The text of every generated token (one Qwen3 token). */
const TOKEN = ' tok';

/** The text of `count` reply tokens from token `from`: an answer's token texts (`tokenTexts`), TOKEN past their end or without them. */
export function replyText(tokenTexts: readonly string[] | undefined, from: number, count: number): string {
  if (tokenTexts === undefined) return TOKEN.repeat(count);
  let text = '';
  for (let k = from; k < from + count; k++) text += tokenTexts[k] ?? TOKEN;
  return text;
}

/**
 * Streaming follows vLLM: headers at once; the role chunk (`delta: {role: "assistant", content: ""}`)
 * with them or with the first content chunk; content chunks, the last with finish_reason; the usage
 * chunk if asked; then `data: [DONE]`. A stream fault strikes before the chunk that would take the
 * stream past its `afterTokens` (or before the usage chunk); a stall holds the chunks back and sends
 * them together when it ends.
 */
export class SimReply {
  private written = 0;
  private generated = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  private fault: Fault | null;
  private readonly end: string;
  private readonly head: string;
  /** Without tokenTexts, the event of every content chunk but the last: the same bytes each time. */
  private readonly chunk: string;

  constructor(private readonly res: ServerResponse, private readonly spec: ReplySpec) {
    this.fault = spec.fault;
    this.end = spec.lineEnding + spec.lineEnding;
    const object = spec.stream ? 'chat.completion.chunk' : 'chat.completion';
    this.head = `{"id":${JSON.stringify(spec.id)},"object":"${object}","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(spec.model)}`;
    this.chunk = this.content(TOKEN.repeat(spec.tokensPerChunk), 'null');
    if (spec.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      // Headers go out at once, as vLLM's do; Node would otherwise hold them until the first write.
      if (spec.eagerRole) res.write(this.role());
      else res.flushHeaders();
    }
    res.on('close', () => {
      if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    });
  }

  /** The engine has generated `generated` tokens so far: the chunks they complete go out now, together. */
  token(generated: number): void {
    this.generated = generated;
    if (!this.spec.stream) {
      if (generated === this.spec.outputTokens) this.sendBody();
    } else if (this.stallTimer === null) this.send();
  }

  /**
   * Writes every complete chunk and sends them now. Node's http response corks its socket until the next tick; sending
   * at once keeps each chunk's stamp (taken just before its write) µs from its bytes going out, however long this
   * process is held up before that tick.
   */
  private send(): void {
    this.flush();
    this.res.socket?.uncork();
  }

  /** Writes every complete chunk, then the end of the stream once all are out, unless a fault comes first. */
  private flush(): void {
    const { tokensPerChunk, outputTokens } = this.spec;
    for (;;) {
      const count = Math.min(tokensPerChunk, outputTokens - this.written);
      if (this.generated - this.written < count) return;
      const fault = this.fault;
      if (isStreamFault(fault) && this.written >= fault.afterTokens) {
        this.fault = null;
        if (fault.kind === 'stall') {
          this.stallTimer = setTimeout(this.endStall, fault.ms);
          return;
        }
        strikeStream(this.res, fault, this.end);
        this.spec.onStruck();
        return;
      }
      if (count === 0) return this.finish();
      this.writeChunk(count);
    }
  }

  private readonly endStall = (): void => {
    this.stallTimer = null;
    this.send();
  };

  private writeChunk(count: number): void {
    const { res, spec } = this;
    if (this.written === 0 && !spec.eagerRole) res.write(this.role());
    const from = this.written;
    this.written += count;
    const last = this.written === spec.outputTokens;
    spec.tokenEpochMs?.push(epochNow());
    res.write(!last && spec.tokenTexts === undefined ? this.chunk : this.content(this.text(from, count), last ? `"${spec.finishReason}"` : 'null'));
  }

  private finish(): void {
    if (this.spec.includeUsage) this.res.write(this.event(`[],"usage":${this.usage()}`));
    this.res.end(`data: [DONE]${this.end}`);
  }

  /** The whole reply at once, when the last token is generated; a stall delays it, a reset drops it, the others break it. */
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
    let body: string;
    if (fault?.kind === 'malformed') body = '{not json';
    else if (fault?.kind === 'error-event') body = JSON.stringify(errorObject(500, fault.message));
    else {
      const message = JSON.stringify({ role: 'assistant', content: this.text(0, spec.outputTokens) });
      const usage = spec.includeUsage ? `,"usage":${this.usage()}` : '';
      body = `${this.head},"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":"${spec.finishReason}"}]${usage}}`;
    }
    spec.tokenEpochMs?.push(epochNow());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  private role(): string {
    return this.event('[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]');
  }

  private text(from: number, count: number): string {
    return replyText(this.spec.tokenTexts, from, count);
  }

  private content(text: string, finishReason: string): string {
    return this.event(`[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":${finishReason}}]`);
  }

  private event(choices: string): string {
    return `data: ${this.head},"choices":${choices}}${this.end}`;
  }

  private usage(): string {
    const { promptTokens, outputTokens } = this.spec;
    return `{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens + outputTokens},"completion_tokens":${outputTokens}}`;
  }
}
