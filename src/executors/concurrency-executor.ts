// Fixed concurrency: exactly N requests in flight until every request of the phase has been issued.
import type { Executor, Phase, PhaseResult, SendFn } from './executor.js';
import type { RequestRecord } from '../client/request-record.js';
import type { PreparedRequest } from '../workload/prepared-request.js';

export class ConcurrencyExecutor implements Executor {
  private stopped = false;

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be >= 1 (got ${concurrency})`);
  }

  async run(requests: readonly PreparedRequest[], phase: Phase, send: SendFn): Promise<PhaseResult> {
    const records: RequestRecord[] = [];
    let next = 0;
    // Each lane sends its next request the moment its previous one settles, so N stay in flight.
    const lane = async (): Promise<void> => {
      while (!this.stopped && next < requests.length) {
        const slot = next++;
        records[slot] = await send(requests[slot]!, phase);
      }
    };
    const lanes = Math.min(this.concurrency, requests.length);
    await Promise.all(Array.from({ length: lanes }, lane));
    // Every issued slot has settled by now, so records is dense: issued = records.length.
    return { records, stopped: next < requests.length };
  }

  stop(): void {
    this.stopped = true;
  }
}
