// The undici dispatch handler of one chat request: stamps, SSE or JSON reading, deadline, one settlement.
import type { Dispatcher } from 'undici';
import type { RequestError, RequestRecord } from './request-record.js';
import { CompletionReader, type CompletionJson } from './completion-reader.js';
import { parseJsonObject } from './json-object.js';
import { SseParser } from './sse-parser.js';
import { connectionError, httpError, oneLine, requestError } from './request-errors.js';

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
  readonly #parser = new SseParser((data) => this.#onEvent(data));
  readonly #resolve: (record: RequestRecord) => void;
  readonly #inFlight: Set<StreamHandler>;
  readonly #timer: NodeJS.Timeout | null;
  #abort: ((err: Error) => void) | null = null;
  #mode: BodyMode = 'sse';
  #body: Buffer[] = [];
  #statusText = '';
  /** Stamp of the read being parsed: every event in one read arrived together. */
  #readMs = 0;
  #events = 0;
  #doneMs = -1;
  #settled = false;
  /** undici is finished with the request (completed or errored). */
  #ended = false;

  constructor(record: RequestRecord, timeoutMs: number, inFlight: Set<StreamHandler>, resolve: (r: RequestRecord) => void) {
    this.record = record;
    this.#reader = new CompletionReader(record);
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
    if (this.#mode === 'sse') this.#parser.feed(chunk);
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
    else this.#finish(requestError('stream_reset', oneLine(`connection closed mid-response: ${err.message}`)), now);
  }

  #onEvent(data: string): void {
    if (this.#settled || this.#doneMs >= 0 || data.length === 0) return;
    this.#events++;
    if (data === '[DONE]') {
      this.#doneMs = this.#readMs;
      return;
    }
    const json = parseJsonObject(data);
    if (json === null) {
      this.#finish(requestError('malformed_sse', oneLine(`event data is not a JSON object: ${data.slice(0, 120)}`)), this.#readMs);
      return;
    }
    const error = this.#reader.readChunk(json as CompletionJson, this.#readMs);
    if (error !== null) this.#finish(error, this.#readMs);
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
    record.error = error;
    this.#reader.finish(error === null);
    this.#inFlight.delete(this);
    if (!this.#ended && this.#abort !== null) this.#abort(new Error(error?.message ?? 'request settled'));
    this.#resolve(record);
  }
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
