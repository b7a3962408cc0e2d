// An append-only JSONL file written through one stream as lines come (the scraping thread's server metrics and GPU telemetry JSONL).
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/**
 * Created on the first append, so one that gets no line leaves no file. A failure to write is not caught: it is the
 * stream's 'error' event, uncaught, which ends the scraping thread (a warning on the main thread; the run goes on).
 */
export class JsonlFile {
  private out: WriteStream | null = null;

  constructor(private readonly path: string) {}

  /** Something was appended. */
  get hasLines(): boolean {
    return this.out !== null;
  }

  /** Appends whole lines, each with its "\n". */
  append(lines: string): void {
    this.out ??= createWriteStream(this.path);
    this.out.write(lines);
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.out === null) return;
    this.out.end();
    await finished(this.out);
  }
}
