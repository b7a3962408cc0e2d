// Trace replay (aiperf --fixed-schedule): request i goes at its given offset in ms from the phase start.
import { OpenLoopExecutor } from './open-loop-executor.js';

export interface ScheduleExecutorOptions {
  /** Send times in ms from the phase start, one per send in order (a trace's `timestamp`s); non-decreasing. */
  readonly offsetsMs: readonly number[];
  /** Shift every offset so the first is 0 (aiperf --fixed-schedule-auto-offset). */
  readonly autoOffset?: boolean;
  /** At most this many in flight; a due request waits for a slot and its wait shows as schedule lag. */
  readonly concurrencyCap?: number;
}

/** Replays the offsets in order; issuing ends when they run out (or at the plan's count, duration, or stop()). */
export class ScheduleExecutor extends OpenLoopExecutor {
  private readonly offsetsMs: readonly number[];

  constructor(options: ScheduleExecutorOptions) {
    super(options.concurrencyCap);
    const given = options.offsetsMs;
    const shift = options.autoOffset === true && given.length > 0 ? given[0]! : 0;
    this.offsetsMs = given.map((offset) => offset - shift);
    this.offsetsMs.forEach((offset, i) => {
      if (!Number.isFinite(offset) || offset < 0) {
        throw new RangeError(`schedule offset ${i} must be a finite number of ms >= 0 (got ${given[i]}${shift === 0 ? '' : ` − ${shift}`})`);
      }
      if (i > 0 && offset < this.offsetsMs[i - 1]!) throw new RangeError(`schedule offsets must not decrease (offset ${i}: ${given[i]} < ${given[i - 1]})`);
    });
  }

  protected offsets(): Iterator<number> {
    return this.offsetsMs.values();
  }
}
