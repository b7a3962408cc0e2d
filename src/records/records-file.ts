// Appends records.jsonl while the run goes: lines formatted and written in small batches, away from the moment a reply is stamped.
import { open, type FileHandle } from 'node:fs/promises';

/** A batch is formatted and written once this many records wait, or FLUSH_MS after the first of them, whichever is first. */
const MAX_BATCH = 256;
const FLUSH_MS = 100;

/**
 * Lines reach the file whole and in batches: a process killed at any moment (SIGKILL, out of memory) leaves every
 * batch written before it, and at worst a last line cut short, which readers skip. Formatting waits for the batch,
 * so a reply's arrival is never held up by it.
 */
export class RecordsFile<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  private constructor(private readonly handle: FileHandle, private readonly format: (item: T) => string) {}

  /** Creates (or empties) `path`; `format` turns one item into its line, "\n" included. */
  static async create<T>(path: string, format: (item: T) => string): Promise<RecordsFile<T>> {
    return new RecordsFile(await open(path, 'w'), format);
  }

  add(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Writes what is queued and closes the file; rejects with the first write error, if any. */
  async close(): Promise<void> {
    this.flush();
    await this.writing;
    await this.handle.close();
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const text = batch.map(this.format).join('');
    this.writing = this.writing.then(async () => {
      if (this.failure === null) await this.handle.appendFile(text);
    }).catch((err: Error) => {
      this.failure ??= err;
    });
  }
}
