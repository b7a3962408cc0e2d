// Event-loop delay of the calling thread: how late its timers and I/O callbacks run, so how late its stamps can be.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Percentiles of the delay, ms. */
export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Sampling interval: the histogram sees a delay only at this grain. */
const RESOLUTION_MS = 5;

/**
 * Starts watching this thread's loop; stop() returns the delays seen. Node's histogram records each whole
 * interval between its timer's runs, the resolution included, so the resolution is taken off again.
 */
export function watchLoopDelay(): { stop(): LoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const ms = (ns: number): number => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
      return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
    },
  };
}
