// Notices a lost server: connection-level failures and no response headers from any server for a set time.
import type { RequestRecord } from '../client/request-record.js';
import { isConnectionFailure } from './connection-backoff.js';

/**
 * The server is unreachable from the first connection-level failure that ends after the latest response headers
 * (from any server); headers received after that failure end the spell. When a spell lasts `timeoutMs`, `onLost` is
 * called once with the spell's start (monotonic ms). Times come from the records, not from when they settle, so a long
 * stream whose headers came before the failure does not end a spell when it finishes. A slow server that accepts
 * connections never starts one.
 */
export class ServerLostWatch {
  private lastHeadersMs = -Infinity;
  private since: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(private readonly timeoutMs: number, private readonly onLost: (sinceMs: number) => void) {
    if (!(timeoutMs > 0)) throw new RangeError(`the server-lost timeout must be > 0 ms (got ${timeoutMs})`);
  }

  /** Sees each request as it settles, in any order. */
  observe(record: RequestRecord): void {
    if (this.done) return;
    if (record.headersMs !== null) {
      this.lastHeadersMs = Math.max(this.lastHeadersMs, record.headersMs);
      if (this.since !== null && record.headersMs > this.since) this.endSpell();
    } else if (isConnectionFailure(record) && this.since === null && record.endMs > this.lastHeadersMs) {
      this.since = record.endMs;
      // Unref'd: the run's own sends and waits keep the process up; this alone never does.
      this.timer = setTimeout(() => this.fire(), Math.max(0, record.endMs + this.timeoutMs - performance.now())).unref();
    }
  }

  /** Stops watching (the run is over). */
  dispose(): void {
    this.endSpell();
    this.done = true;
  }

  private endSpell(): void {
    clearTimeout(this.timer);
    this.since = null;
  }

  private fire(): void {
    const since = this.since!;
    this.done = true;
    this.onLost(since);
  }
}
