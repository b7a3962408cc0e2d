// aiperf's --failed-request-threshold: the profiled requests' failed share, judged as each one settles.

export interface FailureShare {
  readonly failed: number;
  readonly total: number;
  /** The threshold crossed: failed / total > threshold. */
  readonly threshold: number;
}

/**
 * As aiperf: once at least `floor` profiled requests have settled (aiperf: max(concurrency, 10)), the first settle
 * at which failed / total is strictly above `threshold` (a fraction in [0, 1]) crosses it.
 */
export class FailureThreshold {
  private failed = 0;
  private total = 0;

  constructor(private readonly threshold: number, private readonly floor: number) {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`the failed-request threshold must be in [0, 1] (got ${threshold})`);
  }

  /** Counts one settled profiled request; returns the share when this one crosses the threshold, else null. */
  settled(failed: boolean): FailureShare | null {
    this.total++;
    if (failed) this.failed++;
    if (this.total < this.floor || this.failed / this.total <= this.threshold) return null;
    return { failed: this.failed, total: this.total, threshold: this.threshold };
  }
}

/** aiperf's arming floor: max(concurrency, 10) settled requests before the share is judged. */
export function failureThresholdFloor(concurrency: number): number {
  return Math.max(concurrency, 10);
}
