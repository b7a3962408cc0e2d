// A client worker thread that dies (throw, process.exit, out of memory) or hangs never hangs the run: counts stay exact.
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WORKER_FAULT_VARIABLE } from '../src/client/workers/test-fault.js';
import { runCli, type CliResult } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const CONCURRENCY = 16;
const WORKLOAD = ['--images-per-request', '0', '--user-text-tokens', '24', '--output-tokens', '10', '--concurrency', String(CONCURRENCY), '--workers', '2',
  '--use-server-token-count', '-q'];
/** Today's failure is a hang: a run still going after this long has hung, and is killed so the test fails, not waits. */
const HUNG_AFTER_MS = 100_000;

const setup = useScratch('mmload-worker-death-', { model: 'm', ttftMs: 30, itlMs: 3 });

interface Outcome extends CliResult {
  counts: { issued: number; completed: number; failed: number };
  records: { metadata: { x_request_id?: string }; error?: { type: string; message: string } }[];
}

/** Runs a profile with the fault injected; `whileRunning` may signal the child once its run has started. */
async function run(name: string, fault: string, args: string[], options: { env?: NodeJS.ProcessEnv; onRunStart?: (child: ChildProcess) => void } = {}): Promise<Outcome> {
  const dir = join(setup.work, name);
  const result = await runCli([...WORKLOAD, ...args, '--url', `127.0.0.1:${setup.server.port}`, '--artifact-dir', dir], {
    env: { [WORKER_FAULT_VARIABLE]: fault, ...options.env },
    whileRunning: (child) => {
      const hung = setTimeout(() => child.kill('SIGKILL'), HUNG_AFTER_MS);
      child.on('close', () => clearTimeout(hung));
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        if (stderr.includes('workload:')) return;
        stderr += d.toString();
        if (stderr.includes('workload:')) options.onRunStart?.(child);
      });
    },
  });
  expect(result.code, `the run hung or crashed: ${result.stderr}`).not.toBeNull();
  expect(result.stderr).not.toMatch(/internal error/);
  const summary = readJson(join(dir, 'summary.json'));
  const records = readJsonLines(join(dir, 'records.jsonl'));
  return { ...result, counts: summary.mmload.counts, records };
}

/** Every issued request has one record; the failed ones are exactly those `reason` names; every other one was served. */
function expectExactCounts({ counts, records }: Outcome, reason: RegExp): void {
  expect(counts.completed + counts.failed).toBe(counts.issued);
  expect(records).toHaveLength(counts.issued);
  const failed = records.filter((r) => r.error);
  expect(failed).toHaveLength(counts.failed);
  const served = new Set(setup.server.log.map((r) => r.xRequestId));
  for (const record of records) {
    if (record.error) expect(record.error.message).toMatch(reason);
    else expect(served.has(record.metadata.x_request_id!)).toBe(true);
  }
}

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
      const outcome = await run(how, `${how}:10:1`, ['--request-count', String(REQUESTS)], { env });
      expect(outcome.code).toBe(0);
      expect(outcome.stderr).toMatch(/warning: client worker 1 died: .*; the run goes on with 1 client worker/);
      expect(outcome.counts.issued).toBe(REQUESTS);
      // Its requests in flight (at least the one it died on), never more than its share of the connections.
      expect(outcome.counts.failed).toBeGreaterThan(0);
      expect(outcome.counts.failed).toBeLessThanOrEqual(CONCURRENCY);
      expect(outcome.records.every((r) => !r.error || r.error.type === 'client_error')).toBe(true);
      expectExactCounts(outcome, reason);
    }, 2 * HUNG_AFTER_MS);
  }

  it('stops the run, with its results and exit code 1, when no worker is left', async () => {
    const outcome = await run('all', 'exit:10', ['--request-count', '2000']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/no client worker is left: the run stops/);
    expect(outcome.stderr).toMatch(/results: .* \(stopped early: every client worker died\)/);
    // Stopped issuing: not spun through the 2,000 requests as instant failures.
    expect(outcome.counts.issued).toBeLessThan(100);
    expectExactCounts(outcome, /^client worker [12] died: exited with code 3$|^every client worker died \(client worker 1: /);
  }, 2 * HUNG_AFTER_MS);

  it('that hangs is terminated by the first Ctrl-C, which ends the run with its results', async () => {
    const outcome = await run('hang', 'hang:3:1', ['--request-count', '2000'], { onRunStart: (child) => setTimeout(() => child.kill('SIGINT'), 1_000) });
    expect(outcome.code).toBe(130);
    expect(outcome.counts.issued).toBeLessThan(2000);
    const terminated = /^client worker 1 died: terminated: its requests were still in flight 2 s after they were cancelled$/;
    expect(outcome.records.filter((r) => terminated.test(r.error?.message ?? '')).length).toBeGreaterThan(0);
    expectExactCounts(outcome, new RegExp(`${terminated.source}|interrupted`));
  }, 2 * HUNG_AFTER_MS);
});
