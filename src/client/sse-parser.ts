// Incremental Server-Sent Events parser: response bytes in, each complete event's `data` payload out as a byte range.

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = Buffer.from('\n');
const E = 0x65;
const EVENT_FIELD = Buffer.from('event');
const ERROR_FIELD = Buffer.from('error');

/**
 * Receives the data of one complete event as buf[start, end), undecoded (several `data:` lines joined with '\n').
 * When the whole event (its lines through the blank one) lies in `buf` with one data line, it is
 * buf[eventStart, eventEnd); otherwise eventStart is -1. The bytes stay valid: response buffers are never reused.
 */
export type SseDataListener = (buf: Buffer, start: number, end: number, eventStart: number, eventEnd: number) => void;

/**
 * Receives a server's error, decoded: the data of an `event: error` event (its data lines joined with '\n', '' when it
 * has none), or the value of an `error:` field line (as llama.cpp's server writes a mid-stream failure) at once.
 */
export type SseErrorListener = (text: string) => void;

/**
 * Offered the bytes at the start of every event: consumes one whole event at buf[at, end) by its own means
 * (a template of the stream's events, say) and returns where the event ends, or returns -1 to leave it to the parser.
 */
export type SseEventShortcut = (buf: Buffer, at: number, end: number) => number;

/**
 * Splits a byte stream into SSE events and hands on their `data` field.
 *
 * Lines end with LF or CRLF; a lone CR (legal in the spec, sent by no inference server) is not a line
 * break. Comments (`: keep-alive`), `id` and `retry` are skipped; of `event`, only `event: error` counts, which
 * makes the event an error; an `error` field is an error. Only complete
 * lines are decoded, so a read that stops inside a multi-byte character or between CR and LF is
 * handled by carrying the unfinished line over to the next read. An event still open when the stream
 * ends is dropped, as the spec says.
 */
export class SseParser {
  readonly #onData: SseDataListener;
  readonly #shortcut: SseEventShortcut | null;
  readonly #onError: SseErrorListener;
  /** Bytes of an unfinished line from earlier reads (a copy), or null. */
  #carry: Buffer | null = null;
  /** Data of the event being read: buf[start, end), or buf null when it has no `data` line yet. */
  #dataBuf: Buffer | null = null;
  #dataStart = 0;
  #dataEnd = 0;
  /** Where the event being read began in #eventBuf; -1 between events or when it cannot be told. */
  #eventStart = -1;
  #eventBuf: Buffer | null = null;
  /** The event has one data line so far. */
  #singleData = true;
  /** The event being read said `event: error`. */
  #errorEvent = false;

  constructor(onData: SseDataListener, onError: SseErrorListener, shortcut: SseEventShortcut | null = null) {
    this.#onData = onData;
    this.#onError = onError;
    this.#shortcut = shortcut;
  }

  /** Between events, with nothing carried over: the next byte fed starts an event. */
  get idle(): boolean {
    return this.#carry === null && this.#eventStart < 0 && this.#dataBuf === null;
  }

  /** Parses one read; calls the listener once per event completed by it, in order. */
  feed(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.#carry !== null) {
      const newline = buf.indexOf(LF);
      if (newline === -1) {
        this.#carry = Buffer.concat([this.#carry, buf]);
        return;
      }
      const line = Buffer.concat([this.#carry, buf.subarray(0, newline)]);
      this.#carry = null;
      this.#eventBuf = null; // the event began in an earlier read
      this.#line(line, 0, line.length);
      start = newline + 1;
    }
    const shortcut = this.#shortcut;
    while (start < buf.length) {
      if (shortcut !== null && this.#eventStart < 0 && this.#dataBuf === null) {
        const after = shortcut(buf, start, buf.length);
        if (after >= 0) {
          start = after;
          continue;
        }
      }
      const newline = buf.indexOf(LF, start);
      if (newline === -1) break;
      this.#line(buf, start, newline);
      start = newline + 1;
    }
    if (start < buf.length) this.#carry = Buffer.from(buf.subarray(start));
  }

  /** Handles the line buf[start, end) (its LF, at `end`, excluded). */
  #line(buf: Buffer, start: number, end: number): void {
    const lineEnd = end + 1;
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) {
      const data = this.#dataBuf;
      const whole = this.#singleData && this.#eventBuf === buf && this.#eventStart >= 0;
      const eventStart = whole ? this.#eventStart : -1;
      this.#eventStart = -1;
      this.#singleData = true;
      this.#dataBuf = null;
      if (this.#errorEvent) {
        this.#errorEvent = false;
        this.#onError(data === null ? '' : data.toString('utf8', this.#dataStart, this.#dataEnd));
      } else if (data !== null) {
        this.#onData(data, this.#dataStart, this.#dataEnd, eventStart, whole ? lineEnd : -1);
      }
      return;
    }
    if (this.#eventStart < 0) {
      this.#eventStart = start;
      this.#eventBuf = buf;
    }
    if (end - start < 4 || buf[start] !== 0x64 || buf[start + 1] !== 0x61 || buf[start + 2] !== 0x74 || buf[start + 3] !== 0x61) {
      if (buf[start] === E) this.#eField(buf, start, end);
      return; // otherwise a comment or a field other than data
    }
    let from = start + 4;
    if (from < end) {
      if (buf[from] !== COLON) return; // a longer field name such as "database"
      from++;
      if (from < end && buf[from] === SPACE) from++;
    }
    if (this.#dataBuf === null) {
      this.#dataBuf = buf;
      this.#dataStart = from;
      this.#dataEnd = end;
      return;
    }
    // A second data line (rare): the event's data becomes the lines joined with '\n', in a buffer of its own.
    this.#singleData = false;
    const joined = Buffer.concat([this.#dataBuf.subarray(this.#dataStart, this.#dataEnd), NEWLINE, buf.subarray(from, end)]);
    this.#dataBuf = joined;
    this.#dataStart = 0;
    this.#dataEnd = joined.length;
  }

  /** A line starting with 'e' (rare: off the data path): `event: error` marks the event, `error:` is an error now. */
  #eField(buf: Buffer, start: number, end: number): void {
    const colon = buf.indexOf(COLON, start);
    const nameEnd = colon === -1 || colon > end ? end : colon;
    let from = nameEnd + 1;
    if (from < end && buf[from] === SPACE) from++;
    const value = from < end ? buf.toString('utf8', from, end) : '';
    if (ERROR_FIELD.equals(buf.subarray(start, nameEnd))) this.#onError(value);
    else if (EVENT_FIELD.equals(buf.subarray(start, nameEnd))) this.#errorEvent = value === 'error';
  }
}
