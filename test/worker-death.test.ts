// A client worker thread that dies (throw, process.exit, out of memory) never hangs the run: counts stay exact.
// One that hangs, ended by Ctrl-C mid-run, is in worker-hang.test.ts.
import { describe, expect, it } from 'vitest';
import { CONCURRENCY, expectExactCounts, HUNG_AFTER_MS, runWithWorkerFault, WORKER_FAULT_SERVER } from './helpers/worker-fault-run.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-worker-death-', WORKER_FAULT_SERVER);

describe('a client worker thread that dies', () => {
  const REQUESTS = 120;
  const ways = [
    { how: 'throw', reason: /^client worker 1 died: Error: injected fault \(throw\)$/, env: {} },
    { how: 'exit', reason: /^client worker 1 died: exited with code 3$/, env: {} },
    // Worker threads take the process's heap limit: a small one makes the fault's allocation loop reach it soon.
    { how: 'oom', reason: /^client worker 1 died: .*ERR_WORKER_OUT_OF_MEMORY/, env: { NODE_OPTIONS: '--max-old-space-size=128' } },
  ];
  for (const { how, reason, env } of ways) {
    it(`(${how}) fails its requests in flight with its reason; the run goes on with the other and ends`, async () => {
      const outcome = await runWithWorkerFault(setup, how, `${how}:10:1`, ['--request-count', String(REQUESTS)], { env });
      expect(outcome.code).toBe(0);
      expect(outcome.stderr).toMatch(/warning: client worker 1 died: .*; the run goes on with 1 client worker/);
      expect(outcome.counts.issued).toBe(REQUESTS);
      // Its requests in flight (at least the one it died on), never more than its share of the connections.
      expect(outcome.counts.failed).toBeGreaterThan(0);
      expect(outcome.counts.failed).toBeLessThanOrEqual(CONCURRENCY);
      expect(outcome.records.every((r) => !r.error || r.error.type === 'client_error')).toBe(true);
      expectExactCounts(setup, outcome, reason);
    }, 2 * HUNG_AFTER_MS);
  }

  it('stops the run, with its results and exit code 1, when no worker is left', async () => {
    const outcome = await runWithWorkerFault(setup, 'all', 'exit:10', ['--request-count', '2000']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/no client worker is left: the run stops/);
    expect(outcome.stderr).toMatch(/results: .* \(stopped early: every client worker died\)/);
    // Stopped issuing: not spun through the 2,000 requests as instant failures.
    expect(outcome.counts.issued).toBeLessThan(100);
    expectExactCounts(setup, outcome, /^client worker [12] died: exited with code 3$|^every client worker died \(client worker 1: /);
  }, 2 * HUNG_AFTER_MS);
});
