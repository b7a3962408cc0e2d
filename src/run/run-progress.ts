// Live progress of the profiled phase: one updating line on a terminal, a plain line every few seconds otherwise.
import type { RequestRecord } from '../client/request-record.js';

export interface ProgressCounts {
  readonly issued: number;
  readonly settled: number;
  readonly failed: number;
  /** Output tokens of the settled requests (server usage, else their content chunks). */
  readonly outputTokens: number;
}

export interface ProgressTarget {
  /** Requests the phase will issue, when a count bounds it. */
  readonly total: number | undefined;
  /** The phase's duration, when time bounds it. */
  readonly durationMs: number | undefined;
}

/** "12.3 s  340/1000 done · 64 in flight · 27.6 req/s · 4,123 tok/s · 2 errors · ETA 24 s". Rates are over the last tick. */
export function progressText(now: ProgressCounts, previous: ProgressCounts, tickMs: number, elapsedMs: number, target: ProgressTarget): string {
  const perSec = (delta: number) => (tickMs > 0 ? (delta * 1000) / tickMs : 0);
  const reqRate = perSec(now.settled - previous.settled);
  const parts = [
    `${(elapsedMs / 1000).toFixed(1)} s`,
    target.total === undefined ? `${now.settled} done` : `${now.settled}/${target.total} done`,
    `${now.issued - now.settled} in flight`,
    `${reqRate.toFixed(1)} req/s`,
    `${Math.round(perSec(now.outputTokens - previous.outputTokens)).toLocaleString('en-US')} tok/s`,
    `${now.failed} error${now.failed === 1 ? '' : 's'}`,
  ];
  const left = target.durationMs !== undefined
    ? Math.max(0, target.durationMs - elapsedMs) / 1000
    : target.total !== undefined && reqRate > 0 ? (target.total - now.settled) / reqRate : null;
  if (left !== null && now.settled < (target.total ?? Infinity)) parts.push(`ETA ${Math.ceil(left)} s`);
  return parts.join(' · ');
}

export interface RunProgress {
  sent(): void;
  settled(record: RequestRecord): void;
  /** Stops ticking and prints the final line. */
  stop(): void;
}

/** Renders to `stream`: every 250 ms in place on a TTY, every 5 s as plain lines otherwise; nothing when quiet. */
export function startRunProgress(target: ProgressTarget, stream: NodeJS.WriteStream, quiet: boolean): RunProgress {
  if (quiet) {
    return { sent() {}, settled() {}, stop() {} };
  }
  const zero: ProgressCounts = { issued: 0, settled: 0, failed: 0, outputTokens: 0 };
  /** Counted in place as requests go; a tick keeps a copy to take its rates against. */
  const counts = { ...zero };
  const tty = stream.isTTY === true;
  const tickMs = tty ? 250 : 5000;
  // The clock starts at the first profiled send, so set-up and warm-up never show as a slow start.
  let started = 0;
  let timer: NodeJS.Timeout | null = null;
  let previous = zero;
  let previousAt = 0;
  const render = (final: boolean): void => {
    const now = performance.now();
    // The final line gives the whole run's rates; the others, the last tick's.
    const text = final ? progressText(counts, zero, now - started, now - started, target) : progressText(counts, previous, now - previousAt, now - started, target);
    stream.write(tty ? `\r${text}\u001b[K${final ? '\n' : ''}` : `progress: ${text}\n`);
    previous = { ...counts };
    previousAt = now;
  };
  return {
    sent() {
      if (timer === null) {
        started = previousAt = performance.now();
        timer = setInterval(() => render(false), tickMs).unref();
      }
      counts.issued++;
    },
    settled(record) {
      const tokens = record.usage?.completionTokens ?? record.chunkMs.length;
      counts.settled++;
      if (record.error) counts.failed++;
      counts.outputTokens += tokens;
    },
    stop() {
      if (timer === null) return;
      clearInterval(timer);
      render(true);
    },
  };
}
