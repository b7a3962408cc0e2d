// The engine of open-loop shapes (rate, trace replay): each request goes at its scheduled time from the phase start.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { planRequest, type Executor, type Phase, type PhasePlan, type PhaseResult, type SendFn } from './executor.js';
import { Pacer } from './pacer.js';
import { Alarm } from './alarm.js';

/**
 * Catch-up window in ms. Requests already due go out together in one loop turn, but one turn never covers
 * more than this much of the schedule: after a stall (GC, a blocked loop) the backlog leaves in window-sized
 * batches with a loop turn between them, so responses keep being read and stamped while it drains.
 * A request sent more than this late counts in ScheduleStats.lateBeyondWindow.
 */
export const CATCH_UP_WINDOW_MS = 50;

/** How a phase kept its schedule (beyond the per-request lag, startMs − intendedMs, in the records). */
export interface ScheduleStats {
  readonly windowMs: number;
  /** Requests sent more than windowMs after their intended time (late loop or concurrency cap). */
  readonly lateBeyondWindow: number;
  /** The largest start − intended, ms (0 when nothing was issued). */
  readonly maxLagMs: number;
  /** Requests scheduled within the duration but never sent: still waiting for a concurrency slot when it ended. */
  readonly unsent: number;
}

export abstract class OpenLoopExecutor implements Executor {
  /** How the latest run() kept its schedule; null before the first one ends. */
  lastSchedule: ScheduleStats | null = null;
  private stopped = false;
  private readonly pacer = new Pacer();
  /** Rung when a request settles or stop() is called: the loop waiting for a free slot looks again. */
  private readonly settled = new Alarm();

  constructor(private readonly concurrencyCap: number | undefined) {
    if (concurrencyCap !== undefined && (!Number.isInteger(concurrencyCap) || concurrencyCap < 1)) {
      throw new RangeError(`concurrency cap must be an integer >= 1 (got ${concurrencyCap})`);
    }
  }

  /** Offsets in ms from the phase start of the successive sends, non-decreasing; issuing ends when they do. */
  protected abstract offsets(): Iterator<number>;

  async run(plan: PhasePlan, phase: Phase, send: SendFn): Promise<PhaseResult> {
    let issued = 0;
    const count = plan.count ?? Infinity;
    const cap = this.concurrencyCap ?? Infinity;
    const offsets = this.offsets();
    const start = performance.now();
    const deadline = plan.durationMs === undefined ? Infinity : start + plan.durationMs;
    let inFlight = 0;
    const failures: unknown[] = []; // a send that broke its never-reject contract
    let lateBeyondWindow = 0;
    let maxLagMs = 0;
    let unsent = 0;
    let batchStart = start; // intended time of the first request of the current loop turn's batch
    const settled = (): void => {
      inFlight--;
      this.settled.ring();
    };

    for (let slot = 0; slot < count && !this.stopped && failures.length === 0; slot++) {
      const next = offsets.next();
      if (next.done === true) break;
      const due = start + next.value;
      if (due >= deadline) break;
      if (due > performance.now()) {
        await this.pacer.until(due);
        batchStart = due;
      } else if (due - batchStart > CATCH_UP_WINDOW_MS) {
        await nextTurn();
        batchStart = due;
      }
      if (inFlight >= cap) {
        while (inFlight >= cap && !this.stopped && performance.now() < deadline) await this.nextSettle(deadline);
        if (inFlight >= cap) {
          if (!this.stopped) unsent = countUnsent(offsets, start, deadline, count - slot);
          break;
        }
        batchStart = due;
      }
      if (this.stopped) break;
      const lag = performance.now() - due;
      if (lag > CATCH_UP_WINDOW_MS) lateBeyondWindow++;
      if (lag > maxLagMs) maxLagMs = lag;
      inFlight++;
      issued++;
      send(planRequest(plan, slot), phase, due).then(
        settled,
        (error: unknown) => {
          failures.push(error);
          settled();
        },
      );
    }
    while (inFlight > 0) await this.nextSettle(Infinity);
    this.lastSchedule = { windowMs: CATCH_UP_WINDOW_MS, lateBeyondWindow, maxLagMs, unsent };
    if (failures.length > 0) throw failures[0];
    // Every issued slot has settled by now.
    return { issued, stopped: this.stopped };
  }

  stop(): void {
    this.stopped = true;
    this.pacer.cancel();
    this.settled.ring();
  }

  /** Resolves when a request settles, stop() is called, or the deadline passes. */
  private nextSettle(deadline: number): Promise<void> {
    return this.settled.wait(deadline - performance.now());
  }
}

/** The request held back at the deadline plus the later ones the schedule still had within it (at most `left`). */
function countUnsent(offsets: Iterator<number>, start: number, deadline: number, left: number): number {
  let unsent = 1;
  for (let next = offsets.next(); unsent < left && next.done !== true && start + next.value < deadline; next = offsets.next()) unsent++;
  return unsent;
}
