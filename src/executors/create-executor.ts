// Builds the executor of a load shape (the registry of load shapes).
import { ConcurrencyExecutor } from './concurrency-executor.js';
import type { Executor } from './executor.js';
import type { LoadShape } from './load-shape.js';
import { RateExecutor } from './rate-executor.js';
import { ScheduleExecutor } from './schedule-executor.js';

/** `offsetsMs`: the trace's send times, needed by the schedule shape only. `issueCount`: requests of the phase. */
export function createExecutor(shape: LoadShape, seed: number, issueCount: number, offsetsMs: readonly number[]): Executor {
  switch (shape.kind) {
    case 'concurrency':
      return new ConcurrencyExecutor(shape.concurrency);
    case 'mlperf-offline':
      // All issued at once; the pool's connections bound what is on the wire, the rest wait their turn.
      return new ConcurrencyExecutor(Math.max(1, issueCount));
    case 'rate':
      return new RateExecutor({
        rate: shape.rate, mode: shape.mode, rampMs: shape.rampMs, seed, ...cap(shape.cap),
        ...(shape.mode === 'gamma' ? { smoothness: shape.smoothness } : {}),
      });
    case 'mlperf-server':
      return new RateExecutor({ rate: shape.targetQps, mode: 'poisson', seed, ...cap(shape.cap) });
    case 'schedule':
      return new ScheduleExecutor({ offsetsMs, autoOffset: shape.autoOffset, ...cap(shape.cap) });
  }
}

function cap(n: number | undefined): { concurrencyCap?: number } {
  return n === undefined ? {} : { concurrencyCap: n };
}
