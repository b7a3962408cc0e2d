// One monotonic clock for all threads: each thread's performance.now() has its own origin on the process-wide clock.
import { hrtime } from 'node:process';

/**
 * This thread's performance.now() origin on CLOCK_MONOTONIC (process.hrtime), in ms: the same clock in every thread.
 * Node 20 gives workers the process's origin, so the difference is then 0; the shift keeps times right where it is not.
 */
export function monotonicOriginMs(): number {
  // Read back to back, so the two clocks are at most a microsecond or so apart.
  const now = performance.now();
  return Number(hrtime.bigint()) / 1e6 - now;
}
