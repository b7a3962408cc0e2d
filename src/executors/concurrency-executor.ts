// Fixed concurrency: exactly N requests in flight until the plan's count or duration is reached.
import { planRequest, type Executor, type Phase, type PhasePlan, type PhaseResult, type SendFn } from './executor.js';

export class ConcurrencyExecutor implements Executor {
  private stopped = false;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be >= 1 (got ${concurrency})`);
  }

  async run(plan: PhasePlan, phase: Phase, send: SendFn): Promise<PhaseResult> {
    const count = plan.count ?? Infinity;
    const deadline = plan.durationMs === undefined ? Infinity : performance.now() + plan.durationMs;
    let next = 0;
    // Each lane sends its next request the moment its previous one settles, so N stay in flight.
    const lane = async (): Promise<void> => {
      while (!this.stopped && next < count && performance.now() < deadline) {
        const slot = next++;
        await send(planRequest(plan, slot), phase, null);
      }
    };
    const lanes = Math.min(this.concurrency, count);
    await Promise.all(Array.from({ length: lanes }, lane));
    // Every issued slot has settled by now.
    return { issued: next, stopped: this.stopped };
  }

  stop(): void {
    this.stopped = true;
  }
}
