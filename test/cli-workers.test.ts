// --workers: the same run on worker threads gives the same counts and matching histograms, on the main thread's clock.
// (A bad thread count's message is checked in cli-messages.test.ts.)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamServer } from './fixtures/stream-server.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const TTFT_MS = 30;
const ITL_MS = 3;
const TOKENS = 10;
const REQUESTS = 90;
/** Images too, so bodies with shared pieces travel through the workers' shared memory. */
const WORKLOAD = ['--images-per-request', '2', '--cache-hit-rate', '0.5', '--image-size', '64', '64',
  '--user-text-tokens', '24', '--output-tokens', String(TOKENS), '--request-count', String(REQUESTS), '--concurrency', '9', '-q'];

const setup = useScratch('mmload-workers-', { model: 'm', ttftMs: TTFT_MS, itlMs: ITL_MS });


async function run(workers: number): Promise<{ summary: any; records: any[]; served: StreamServer['log'] }> {
  const dir = join(setup.work, `w${workers}`);
  const from = setup.server.log.length;
  const result = await runCli([...WORKLOAD, '--url', `127.0.0.1:${setup.server.port}`, '--workers', String(workers), '--artifact-dir', dir]);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code).toBe(0);
  return { summary: readJson(join(dir, 'summary.json')), records: readJsonLines(join(dir, 'records.jsonl')), served: setup.server.log.slice(from) };
}

describe('mmload profile --workers', () => {
  it('gives the same counts and matching histograms as one thread, every request once, stamps on one clock', async () => {
    const single = await run(1);
    const threaded = await run(3);

    expect(threaded.summary.mmload.client_health.worker_event_loop_delay_ms).toHaveLength(3);
    expect(single.summary.mmload.client_health.worker_event_loop_delay_ms).toHaveLength(0);
    for (const { summary } of [single, threaded]) {
      expect(summary.mmload.counts).toEqual({ issued: REQUESTS, completed: REQUESTS, failed: 0 });
    }
    // Token counts are the server's, so equal exactly; so are the bodies (same workload, same bytes on the wire).
    for (const tag of ['output_sequence_length', 'input_sequence_length', 'total_osl', 'total_isl', 'request_count']) {
      expect(threaded.summary[tag], tag).toEqual(single.summary[tag]);
    }
    const bodies = (log: StreamServer['log']) => log.map((r) => JSON.stringify(r.body)).sort();
    expect(bodies(threaded.served)).toEqual(bodies(single.served));

    // Timing histograms match: the server's fixed timing plus a little client time, in both runs.
    for (const { summary } of [single, threaded]) {
      expect(summary.time_to_first_token.p50).toBeGreaterThanOrEqual(TTFT_MS);
      expect(summary.inter_token_latency.p50).toBeGreaterThanOrEqual(ITL_MS * 0.9);
    }
    for (const tag of ['time_to_first_token', 'inter_token_latency', 'request_latency']) {
      expect(Math.abs(threaded.summary[tag].p50 - single.summary[tag].p50), tag).toBeLessThan(Math.max(5, single.summary[tag].p50 * 0.25));
    }

    // Every request once, and the worker threads' stamps on the main thread's clock: a request starts before the
    // server receives it and its first token arrives after the server wrote it (one wall clock, µs skew at most).
    const truth = new Map(threaded.served.map((r) => [r.xRequestId, r]));
    expect(truth.size).toBe(REQUESTS);
    for (const record of threaded.records) {
      const served = truth.get(record.metadata.x_request_id)!;
      expect(served).toBeDefined();
      const startMs = Number(record.metadata.request_start_ns) / 1e6;
      expect(startMs).toBeLessThanOrEqual(served.receivedEpochMs + 0.5);
      expect(startMs + record.metrics.time_to_first_token.value).toBeGreaterThanOrEqual(served.tokenEpochMs[0]! - 0.5);
    }
  });
});
