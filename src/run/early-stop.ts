// The run's own reasons to stop early: the server lost (--server-lost-timeout) or too many failures (--failed-request-threshold).
import type { RequestRecord } from '../client/request-record.js';
import { FailureThreshold, failureThresholdFloor, type FailureShare } from '../executors/failure-threshold.js';
import { ServerLostWatch } from '../executors/server-lost-watch.js';
import { isoLocal } from '../util/local-time.js';

/** Why a run stopped issuing before its count or duration was reached (summary.json's mmload.stopped). */
export interface EarlyStop {
  readonly reason: 'server_lost' | 'failed_request_threshold';
  /** One line for the console and the results. */
  readonly message: string;
}

export interface EarlyStopOptions {
  /** --server-lost-timeout in ms; 0: never stop for a lost server. */
  readonly serverLostTimeoutMs: number;
  /** --failed-request-threshold, a fraction; undefined: no threshold. */
  readonly failedRequestThreshold: number | undefined;
  /** The run's concurrency (its cap, for open-loop shapes): the threshold is judged from max(concurrency, 10) requests. */
  readonly concurrency: number;
}

export interface EarlyStops {
  /** Sees every settled request, warm-up ones too (the server can be lost then; only profiled ones count as failures). */
  observe(record: RequestRecord): void;
  /** The first reason that fired; null while none has. */
  readonly stop: EarlyStop | null;
  /** Stops watching (the run is over). */
  dispose(): void;
}

/** Calls `onStop` once, when the first condition fires. */
export function watchEarlyStops(options: EarlyStopOptions, onStop: (stop: EarlyStop) => void): EarlyStops {
  let stop: EarlyStop | null = null;
  const fire = (reason: EarlyStop['reason'], message: string): void => {
    if (stop !== null) return;
    stop = { reason, message };
    onStop(stop);
  };
  const lost = options.serverLostTimeoutMs > 0
    ? new ServerLostWatch(options.serverLostTimeoutMs, (sinceMs) => fire('server_lost', serverLostMessage(sinceMs)))
    : null;
  const threshold = options.failedRequestThreshold === undefined
    ? null
    : new FailureThreshold(options.failedRequestThreshold, failureThresholdFloor(options.concurrency));
  return {
    observe(record) {
      lost?.observe(record);
      if (threshold === null || record.phase !== 'profiling') return;
      const crossed = threshold.settled(record.error !== null);
      if (crossed) fire('failed_request_threshold', thresholdMessage(crossed));
    },
    get stop() {
      return stop;
    },
    dispose() {
      lost?.dispose();
    },
  };
}

function serverLostMessage(sinceMs: number): string {
  const seconds = Math.round((performance.now() - sinceMs) / 1000);
  return `server unreachable since ${isoLocal(performance.timeOrigin + sinceMs)} (${seconds} s, --server-lost-timeout): ` +
    'no response headers from any server, only connection failures; the run stopped issuing requests';
}

function thresholdMessage({ failed, total, threshold }: FailureShare): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  return `${failed} of ${total} profiled requests failed (${pct(failed / total)}), more than --failed-request-threshold ${threshold} ` +
    `(${pct(threshold)}); the run stopped issuing requests`;
}
