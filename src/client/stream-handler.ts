// The undici dispatch handler of one chat request: stamps, SSE or JSON reading, deadline, one settlement.
import type { Dispatcher } from 'undici';
import type { RequestError, RequestRecord } from './request-record.js';
import { CompletionReader, type CompletionJson } from './completion-reader.js';
import { parseJsonObject } from '../util/json-object.js';
import { scanChunk, type ScannedChunk } from './chunk-scan.js';
import { ChunkTemplate } from './chunk-template.js';
import { SseParser } from './sse-parser.js';
import { connectionError, httpError, oneLine, requestError, sseError } from './request-errors.js';
import type { Redact } from '../secrets/redactor.js';

/** How the response body is read: as an event stream, as one JSON reply, or as an error body. */
type BodyMode = 'sse' | 'json' | 'error';

/** Error bodies are read up to this size for their message; the rest is drained unread. */
const MAX_ERROR_BODY = 64 * 1024;
/** Longest delay a Node timer takes (a longer one would fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Uses undici's handler callbacks that undici itself calls on the request (onConnect, onRequestSent,
 * onHeaders, onData, onComplete, onError): the controller-style callbacks get no "request sent" event.
 * The promise settles exactly once; after a failure the request is aborted so no body is left unread.
 */
export class StreamHandler implements Dispatcher.DispatchHandler {
  readonly record: RequestRecord;
  readonly #reader: CompletionReader;
  readonly #parser = new SseParser(
    (buf, start, end, eventStart, eventEnd) => this.#onEvent(buf, start, end, eventStart, eventEnd),
    (text) => this.#onServerError(text),
    (buf, at, end) => this.#onTemplated(buf, at, end),
  );
  readonly #resolve: (record: RequestRecord) => void;
  readonly #inFlight: Set<StreamHandler>;
  readonly #timer: NodeJS.Timeout | null;
  readonly #redact: Redact;
  #abort: ((err: Error) => void) | null = null;
  #mode: BodyMode = 'sse';
  readonly #template = new ChunkTemplate();
  #body: Buffer[] = [];
  #statusText = '';
  /** Stamp of the read being parsed: every event in one read arrived together. */
  #readMs = 0;
  #events = 0;
  #doneMs = -1;
  #settled = false;
  /** undici is finished with the request (completed or errored). */
  #ended = false;

  /**
   * `keepText`: keep the response text for client-side token counts (see CompletionReader). `redact` masks the run's
   * secrets in the error message, where a server may have quoted them.
   */
  constructor(record: RequestRecord, timeoutMs: number, keepText: boolean, inFlight: Set<StreamHandler>, resolve: (r: RequestRecord) => void,
    redact: Redact) {
    this.record = record;
    this.#redact = redact;
    this.#reader = new CompletionReader(record, keepText);
    this.#resolve = resolve;
    this.#inFlight = inFlight;
    this.#timer = timeoutMs > 0 ? setTimeout(() => this.#onDeadline(timeoutMs), Math.min(timeoutMs, MAX_TIMER_MS)) : null;
    inFlight.add(this);
  }

  /** Ends the request now with a 'cancelled' error saying why (no-op once settled). */
  cancel(reason: string): void {
    this.#finish(requestError('cancelled', reason), performance.now());
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.#settled) abort(new Error('request already settled'));
    else this.#abort = abort;
  }

  onRequestSent(): void {
    this.record.bodySentMs = performance.now();
  }

  onHeaders(status: number, rawHeaders: Buffer[], _resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // 1xx informational
    const record = this.record;
    record.headersMs = performance.now();
    record.status = status;
    this.#statusText = statusText;
    if (status >= 300) this.#mode = 'error';
    else if (contentType(rawHeaders).includes('json')) this.#mode = 'json';
    else record.streamed = true;
    return true;
  }

  onData(chunk: Buffer): boolean {
    const now = performance.now();
    this.#readMs = now;
    this.record.responseBytes += chunk.length;
    if (this.#mode === 'sse') this.#readEvents(chunk);
    else if (this.#mode === 'json' || this.record.responseBytes <= MAX_ERROR_BODY) this.#body.push(chunk);
    return true;
  }

  onComplete(): void {
    this.#ended = true;
    const now = performance.now();
    if (this.#mode === 'sse') this.#endStream(now);
    else if (this.#mode === 'json') this.#readReply(now);
    else this.#finish(httpError(this.record.status ?? 0, this.#statusText, Buffer.concat(this.#body).toString('utf8')), now);
  }

  onError(err: Error): void {
    this.#ended = true;
    if (this.#settled) return;
    const now = performance.now();
    if (this.record.headersMs === null) this.#finish(connectionError(err), now);
    else if (this.#doneMs >= 0) this.#endStream(now);
    else if (this.#mode === 'error') this.onComplete();
    else this.#finish(requestError('stream_reset', `connection closed mid-response: ${err.message}`), now);
  }

  /**
   * A read that begins with an event fitting the template (a server writing one event per write: every read, once the
   * template is learnt) is read without the SSE parser's layers; the rest of the read, if any, goes to the parser.
   */
  #readEvents(chunk: Buffer): void {
    if (this.#parser.idle) {
      const after = this.#onTemplated(chunk, 0, chunk.length);
      if (after === chunk.length) return;
      if (after > 0) {
        this.#parser.feed(chunk.subarray(after));
        return;
      }
    }
    this.#parser.feed(chunk);
  }

  /** An event that fits the stream's template (see chunk-template.ts); -1 leaves it to the SSE parser. */
  #onTemplated(buf: Buffer, at: number, end: number): number {
    if (this.#settled || this.#doneMs >= 0) return -1;
    const after = this.#template.match(buf, at, end, SCANNED);
    if (after >= 0) {
      this.#events++;
      this.#reader.readScanned(SCANNED, buf, this.#readMs);
    }
    return after;
  }

  #onEvent(buf: Buffer, start: number, end: number, eventStart: number, eventEnd: number): void {
    if (this.#settled || this.#doneMs >= 0 || end === start) return;
    this.#events++;
    if (isDone(buf, start, end)) {
      this.#doneMs = this.#readMs;
      return;
    }
    if (scanChunk(buf, start, end, SCANNED)) {
      if (eventStart >= 0) this.#template.learn(buf, eventStart, eventEnd, SCANNED);
      this.#reader.readScanned(SCANNED, buf, this.#readMs);
      return;
    }
    // What the scan leaves (error events, malformed data, unusual shapes) JSON.parse decides.
    const data = buf.toString('utf8', start, end);
    const json = parseJsonObject(data);
    if (json === null) {
      this.#finish(requestError('malformed_sse', `event data is not a JSON object: ${data}`), this.#readMs);
      return;
    }
    const error = this.#reader.readChunk(json as CompletionJson, this.#readMs);
    if (error !== null) this.#finish(error, this.#readMs);
  }

  /** An `event: error` or `error:` line ends the request with the server's message, whatever came before or follows. */
  #onServerError(text: string): void {
    if (this.#settled || this.#doneMs >= 0) return;
    this.#events++;
    this.#finish(sseError(text), this.#readMs);
  }

  /** The stream ended (cleanly, or after [DONE]): success when it carried content. */
  #endStream(now: number): void {
    const endMs = this.#doneMs >= 0 ? this.#doneMs : now;
    // A stream closed cleanly but cut short (by a proxy, say) must not pass for a complete answer:
    // success needs [DONE] or a finish_reason.
    const complete = this.#doneMs >= 0 || this.record.finishReason !== null;
    if (this.record.chunkMs.length > 0 && !complete) {
      this.#finish(requestError('stream_reset', 'stream ended without [DONE] or a finish_reason'), endMs);
    } else if (this.record.chunkMs.length > 0) this.#finish(null, endMs);
    else if (this.#events === 0 && this.record.responseBytes > 0) {
      this.#finish(requestError('malformed_sse', 'response body is not an SSE stream'), endMs);
    } else this.#finish(requestError('empty_response', 'stream ended without any content'), endMs);
  }

  #readReply(now: number): void {
    const json = parseJsonObject(Buffer.concat(this.#body).toString('utf8'));
    if (json === null) {
      this.#finish(requestError('malformed_sse', 'JSON reply is not a JSON object'), now);
      return;
    }
    this.#finish(this.#reader.readReply(json as CompletionJson, now), now);
  }

  #onDeadline(timeoutMs: number): void {
    // A server that sent [DONE] but keeps the response open has still answered in full.
    if (this.#doneMs >= 0) this.#endStream(performance.now());
    else this.#finish(requestError('timeout', `no complete response within ${timeoutMs} ms`), performance.now());
  }

  #finish(error: RequestError | null, endMs: number): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const record = this.record;
    record.endMs = endMs;
    // The whole message is masked, then cut: a server may have quoted the run's secrets anywhere in it.
    record.error = error === null ? null : requestError(error.type, oneLine(this.#redact(error.message)), error.code);
    this.#reader.finish(error === null);
    this.#inFlight.delete(this);
    if (!this.#ended && this.#abort !== null) this.#abort(new Error(record.error?.message ?? 'request settled'));
    this.#resolve(record);
  }
}

/** Where each chunk's scan lands: read at once, so one serves every request. */
const SCANNED: ScannedChunk = {
  reasoningStart: -1, reasoningEnd: -1, contentStart: -1, contentEnd: -1,
  finishReason: null, promptTokens: null, completionTokens: null, reasoningTokens: null, cachedTokens: null,
};
const DONE = Buffer.from('[DONE]');

function isDone(buf: Buffer, start: number, end: number): boolean {
  return end - start === DONE.length && buf[start] === 0x5b && DONE.compare(buf, start, end) === 0;
}

/** The content-type header of a raw [name, value, ...] header list, lower-cased ('' when absent). */
function contentType(rawHeaders: Buffer[]): string {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 12 && name.toString('latin1').toLowerCase() === 'content-type') {
      return rawHeaders[i + 1].toString('latin1').toLowerCase();
    }
  }
  return '';
}
