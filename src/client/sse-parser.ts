// Incremental Server-Sent Events parser: response bytes in, each complete event's `data` payload out.

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

/** Receives the data of one complete event (several `data:` lines joined with '\n'). */
export type SseDataListener = (data: string) => void;

/**
 * Splits a byte stream into SSE events and hands on their `data` field.
 *
 * Lines end with LF or CRLF; a lone CR (legal in the spec, sent by no inference server) is not a line
 * break. Comments (`: keep-alive`) and the `event`, `id` and `retry` fields are skipped. Only complete
 * lines are decoded, so a read that stops inside a multi-byte character or between CR and LF is
 * handled by carrying the unfinished line over to the next read. An event still open when the stream
 * ends is dropped, as the spec says.
 */
export class SseParser {
  readonly #onData: SseDataListener;
  /** Bytes of an unfinished line from earlier reads (a copy), or null. */
  #carry: Buffer | null = null;
  /** Data of the event being read, or null when it has no `data` line yet. */
  #data: string | null = null;

  constructor(onData: SseDataListener) {
    this.#onData = onData;
  }

  /** Parses one read; calls the listener once per event completed by it, in order. */
  feed(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let newline = buf.indexOf(LF);
    if (this.#carry !== null) {
      if (newline === -1) {
        this.#carry = Buffer.concat([this.#carry, buf]);
        return;
      }
      const line = Buffer.concat([this.#carry, buf.subarray(0, newline)]);
      this.#carry = null;
      this.#line(line, 0, line.length);
      start = newline + 1;
      newline = buf.indexOf(LF, start);
    }
    while (newline !== -1) {
      this.#line(buf, start, newline);
      start = newline + 1;
      newline = buf.indexOf(LF, start);
    }
    if (start < buf.length) this.#carry = Buffer.from(buf.subarray(start));
  }

  /** Handles the line buf[start, end) (its LF excluded). */
  #line(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) {
      const data = this.#data;
      if (data !== null) {
        this.#data = null;
        this.#onData(data);
      }
      return;
    }
    if (end - start < 4 || buf[start] !== 0x64 || buf[start + 1] !== 0x61 || buf[start + 2] !== 0x74 || buf[start + 3] !== 0x61) {
      return; // a comment or a field other than data
    }
    let from = start + 4;
    if (from < end) {
      if (buf[from] !== COLON) return; // a longer field name such as "database"
      from++;
      if (from < end && buf[from] === SPACE) from++;
    }
    const value = buf.toString('utf8', from, end);
    this.#data = this.#data === null ? value : `${this.#data}\n${value}`;
  }
}
