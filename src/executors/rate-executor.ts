// Open-loop request rate (aiperf --request-rate): constant, Poisson or gamma arrivals, optional ramp and concurrency cap.
import { arrivalGaps, arrivalOffsets, type ArrivalMode } from './arrival-gaps.js';
import { OpenLoopExecutor } from './open-loop-executor.js';

export interface RateExecutorOptions {
  /** Requests per second (after the ramp). */
  readonly rate: number;
  readonly mode: ArrivalMode;
  /** Gamma shape (aiperf --arrival-smoothness): 1 is Poisson, larger is more regular; default 1. Only for 'gamma'. */
  readonly smoothness?: number;
  /** At most this many in flight; a due request waits for a slot and its wait shows as schedule lag. */
  readonly concurrencyCap?: number;
  /** Seed of the arrival gaps (--random-seed). */
  readonly seed: number;
  /** Rise linearly from 0 to `rate` over this many ms (aiperf --request-rate-ramp-duration); default 0. */
  readonly rampMs?: number;
}

/**
 * Sends request i at phase start + offset i, where the offsets are the running sum of seeded gaps: absolute
 * times, so nothing drifts. Each run() replays the same schedule from its own start.
 */
export class RateExecutor extends OpenLoopExecutor {
  private readonly options: Required<Omit<RateExecutorOptions, 'concurrencyCap'>>;

  constructor(options: RateExecutorOptions) {
    super(options.concurrencyCap);
    const { rate, mode, smoothness = 1, seed, rampMs = 0 } = options;
    if (smoothness !== 1 && mode !== 'gamma') throw new RangeError(`smoothness applies to gamma arrivals only (mode is ${mode})`);
    this.options = { rate, mode, smoothness, seed, rampMs };
    this.offsets(); // throws on a bad rate, smoothness or ramp now rather than at the first run
  }

  protected offsets(): Iterator<number> {
    const { mode, rate, smoothness, seed, rampMs } = this.options;
    return arrivalOffsets(arrivalGaps(mode, rate, smoothness, seed), rampMs);
  }
}
