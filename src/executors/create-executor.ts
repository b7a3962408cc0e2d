// Builds the executor of a load shape (the registry of load shapes).
import { ConcurrencyExecutor } from './concurrency-executor.js';
import type { Executor } from './executor.js';
import { arrivalGaps, arrivalOffsets } from './arrival-gaps.js';
import { shapeLabel, type LoadShape } from './load-shape.js';
import { SessionExecutor } from './session-executor.js';
import { UsageError } from '../util/exit-codes.js';
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

/**
 * The executor of a run of conversations: --concurrency counts sessions in flight; --request-rate paces every turn
 * (as aiperf does), its cap counting sessions. Other shapes are refused: they schedule requests, not sessions.
 */
export function createSessionExecutor(shape: LoadShape, seed: number): SessionExecutor {
  switch (shape.kind) {
    case 'concurrency':
      return new SessionExecutor({ sessions: shape.concurrency });
    case 'rate':
      return new SessionExecutor({
        sessions: shape.cap ?? Infinity,
        offsets: () => arrivalOffsets(arrivalGaps(shape.mode, shape.rate, shape.smoothness, seed), shape.rampMs),
      });
    default:
      throw new UsageError(`conversations (multi-turn sessions) run under --concurrency or --request-rate, not ${shapeLabel(shape)}`);
  }
}

function cap(n: number | undefined): { concurrencyCap?: number } {
  return n === undefined ? {} : { concurrencyCap: n };
}
