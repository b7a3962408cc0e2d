// Runs mmload profile on two client worker threads with a fault injected into one or both, and checks the run's accounting.
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { WORKER_FAULT_VARIABLE } from '../../src/client/workers/test-fault.js';
import { runCli, type CliResult } from './run-cli.js';
import type { FixtureServer, Scratch } from './shared-setup.js';
import { readJson, readJsonLines } from './read-json.js';

export const CONCURRENCY = 16;
const WORKLOAD = ['--images-per-request', '0', '--user-text-tokens', '24', '--output-tokens', '10', '--concurrency', String(CONCURRENCY), '--workers', '2',
  '--use-server-token-count', '-q'];
/** Today's failure is a hang: a run still going after this long has hung, and is killed so the test fails, not waits. */
export const HUNG_AFTER_MS = 100_000;
/** The fixture server's options: `setup` for these runs is useScratch(prefix, WORKER_FAULT_SERVER). */
export const WORKER_FAULT_SERVER = { model: 'm', ttftMs: 30, itlMs: 3 };

export interface WorkerFaultOutcome extends CliResult {
  counts: { issued: number; completed: number; failed: number };
  records: { metadata: { x_request_id?: string }; error?: { type: string; message: string } }[];
}

/** Runs a profile with the fault injected; `onRunStart` may signal the child once its run has started. */
export async function runWithWorkerFault(setup: Scratch & FixtureServer, name: string, fault: string, args: string[],
  options: { env?: NodeJS.ProcessEnv; onRunStart?: (child: ChildProcess) => void } = {}): Promise<WorkerFaultOutcome> {
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
export function expectExactCounts(setup: FixtureServer, { counts, records }: WorkerFaultOutcome, reason: RegExp): void {
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
