// Writes mlperf_log_accuracy.json in LoadGen's exact bytes, one record as each response completes.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { UsageError } from '../../util/exit-codes.js';

/** The file LoadGen writes in accuracy mode, and `mmload evaluate` reads. */
export const ACCURACY_LOG_FILE = 'mlperf_log_accuracy.json';

/** An open accuracy log: records are appended as they come, in completion order. */
export interface AccuracyLogWriter {
  /**
   * Appends one record; the answer is logged as the upper-case hex of its UTF-8 bytes (an empty answer, as a failed
   * request has, gives `""`). Resolves at once unless the file's buffer is full, then when it has drained: awaiting it
   * keeps memory bounded. A write error does not reject it: close() throws it.
   */
  add(seqId: number, qslIdx: number, answer: Buffer | string): Promise<void>;
  /** Closes the array and the file; rejects with the first write error, if any. */
  close(): Promise<void>;
}

/** One record as LoadGen lays it out, with the separator before it: "\n{ " for the first, ",\n{ " after. */
export function accuracyLogRecord(first: boolean, seqId: number, qslIdx: number, answer: Buffer | string): string {
  const hex = (typeof answer === 'string' ? Buffer.from(answer, 'utf8') : answer).toString('hex').toUpperCase();
  return `${first ? '' : ','}\n{ "seq_id" : ${seqId}, "qsl_idx" : ${qslIdx}, "data" : "${hex}" }`;
}

/** Creates (or truncates) `path` and writes the opening `[`. */
export async function openAccuracyLog(path: string): Promise<AccuracyLogWriter> {
  const out = createWriteStream(path);
  try {
    await once(out, 'open');
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as Error).message}`);
  }
  return new StreamAccuracyLog(out);
}

class StreamAccuracyLog implements AccuracyLogWriter {
  private records = 0;
  private error: Error | null = null;
  private closed = false;
  /** The one wait for 'drain' every add() made meanwhile shares (one listener, however many records wait). */
  private drained: Promise<void> | null = null;

  constructor(private readonly out: WriteStream) {
    out.on('error', (err) => (this.error ??= err));
    out.write('[');
  }

  async add(seqId: number, qslIdx: number, answer: Buffer | string): Promise<void> {
    if (this.closed) throw new Error('the accuracy log is closed');
    const roomLeft = this.out.write(accuracyLogRecord(this.records === 0, seqId, qslIdx, answer));
    this.records++;
    if (roomLeft || this.error !== null) return;
    // once() rejects when the stream fails while waiting: the error is kept for close().
    this.drained ??= once(this.out, 'drain').then(() => undefined, () => undefined).finally(() => (this.drained = null));
    await this.drained;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.out.end('\n]\n');
    await finished(this.out).catch((err: Error) => (this.error ??= err));
    if (this.error) throw this.error;
  }
}
