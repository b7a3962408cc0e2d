// Runs the engine core on the real clock: each step ends at an absolute time (its start + cost / speed), so lateness never adds up.
import type { EngineCore, EngineTicket } from './engine-core.js';
import type { EngineJob } from './engine-job.js';

/** Steps finished back to back when the loop is late, before it yields to I/O. */
const MAX_CATCH_UP_STEPS = 64;

export class EngineLoop {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  /** performance.now() at which the step in progress ends. */
  private stepEndMs = 0;

  constructor(private readonly core: EngineCore, private readonly speed: number) {}

  /**
   * Queues the job; an idle engine starts a step on the next turn of the event loop, a busy one takes it at
   * its next step. Never inside submit itself: a step can emit tokens and faults, and the caller must hold its
   * ticket before any of them reaches it.
   */
  submit(job: EngineJob): EngineTicket {
    const ticket = this.core.submit(job);
    if (!this.busy) {
      this.busy = true;
      const submittedMs = performance.now();
      setImmediate(() => this.run(submittedMs));
    }
    return ticket;
  }

  abort(ticket: EngineTicket): void {
    this.core.abort(ticket);
  }

  /** Stops stepping (jobs in the engine get no more tokens). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.busy = false;
  }

  /** Starts steps from `startMs`; steps already due are finished now, up to a bound, then I/O gets a turn. */
  private run(startMs: number): void {
    this.busy = true;
    for (let step = 0; step < MAX_CATCH_UP_STEPS; step++) {
      const cost = this.core.schedule();
      if (cost === null) {
        this.busy = false;
        return;
      }
      this.stepEndMs = startMs + cost / this.speed;
      const wait = this.stepEndMs - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(this.endStep, wait);
        return;
      }
      this.core.commit();
      startMs = this.stepEndMs;
    }
    this.timer = setTimeout(() => this.run(startMs), 0);
  }

  private readonly endStep = (): void => {
    this.timer = null;
    this.core.commit();
    this.run(this.stepEndMs);
  };
}
