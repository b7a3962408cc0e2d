// A client worker thread that hangs is terminated by the first Ctrl-C (sent mid-run), which ends the run with exact counts.
import { describe, expect, it } from 'vitest';
import { expectExactCounts, HUNG_AFTER_MS, runWithWorkerFault, WORKER_FAULT_SERVER } from './helpers/worker-fault-run.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-worker-hang-', WORKER_FAULT_SERVER);

describe('a client worker thread', () => {
  it('that hangs is terminated by the first Ctrl-C, which ends the run with its results', async () => {
    const outcome = await runWithWorkerFault(setup, 'hang', 'hang:3:1', ['--request-count', '2000'], { onRunStart: (child) => setTimeout(() => child.kill('SIGINT'), 1_000) });
    expect(outcome.code).toBe(130);
    expect(outcome.counts.issued).toBeLessThan(2000);
    const terminated = /^client worker 1 died: terminated: its requests were still in flight 2 s after they were cancelled$/;
    expect(outcome.records.filter((r) => terminated.test(r.error?.message ?? '')).length).toBeGreaterThan(0);
    expectExactCounts(setup, outcome, new RegExp(`${terminated.source}|interrupted`));
  }, 2 * HUNG_AFTER_MS);
});
