// Fixed concurrency: exactly N requests in flight until the plan's count or duration is reached.
import { setTimeout as sleep } from 'node:timers/promises';
import { planRequest, type Executor, type Phase, type PhasePlan, type PhaseResult, type SendFn } from './executor.js';
import { SlotBackoff } from './connection-backoff.js';

export class ConcurrencyExecutor implements Executor {
  private stopped = false;
  /** Aborted by stop(): ends every lane's backoff wait at once. */
  private readonly stopping = new AbortController();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be >= 1 (got ${concurrency})`);
  }

  async run(plan: PhasePlan, phase: Phase, send: SendFn): Promise<PhaseResult> {
    const count = plan.count ?? Infinity;
    const deadline = plan.durationMs === undefined ? Infinity : performance.now() + plan.durationMs;
    let next = 0;
    // Each lane sends its next request the moment its previous one settles, so N stay in flight; after a
    // connection-level failure it waits first (connection-backoff.ts), and the request it then sends carries the time
    // it would have gone without the wait as its intended time, so the wait shows as that request's schedule lag.
    const lane = async (): Promise<void> => {
      const backoff = new SlotBackoff();
      let intendedMs: number | null = null;
      while (!this.stopped && next < count && performance.now() < deadline) {
        const slot = next++;
        const record = await send(planRequest(plan, slot), phase, intendedMs);
        const waitMs = backoff.after(record);
        intendedMs = waitMs > 0 ? performance.now() : null;
        if (intendedMs !== null) await this.pause(Math.min(waitMs, deadline - intendedMs));
      }
    };
    const lanes = Math.min(this.concurrency, count);
    await Promise.all(Array.from({ length: lanes }, lane));
    // Every issued slot has settled by now.
    return { issued: next, stopped: this.stopped };
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
  }

  /** Waits `ms`, or less when stop() comes first. */
  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
