// Waits until absolute monotonic times with sub-millisecond precision: a coarse timer, then a short spin.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Alarm } from './alarm.js';

/**
 * Timers fire on whole milliseconds of the loop's cached clock, up to ~1 ms early or late, so the pacer
 * sleeps with a timer until this many ms before the due time and covers the rest one loop turn at a time
 * (setImmediate: I/O is still served between turns). It bounds the spin to SPIN_MS per wake-up.
 */
export const SPIN_MS = 2;

export class Pacer {
  private readonly alarm = new Alarm();
  private cancelled = false;

  /** Resolves once performance.now() >= dueMs, or soon after cancel(). Never resolves early otherwise. */
  async until(dueMs: number): Promise<void> {
    for (;;) {
      const remaining = dueMs - performance.now();
      if (remaining <= 0 || this.cancelled) return;
      if (remaining > SPIN_MS) await this.alarm.wait(remaining - SPIN_MS);
      else await nextTurn();
    }
  }

  /** Ends the current wait now and every later one at once (an executor's stop() is final). */
  cancel(): void {
    this.cancelled = true;
    this.alarm.ring();
  }
}
