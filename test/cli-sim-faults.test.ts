// End to end: mmload profile against `mmload sim` with each fault on records every failure by type and loses no request.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOW_READ_PAUSE_MS } from '../src/sim/sim-chat.js';
import { startSim } from '../src/sim/sim-server.js';
import type { SimOptions } from '../src/sim/sim-options.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const setup = useScratch('mmload-sim-faults-cli-');

/** A small workload: 24 requests of text and one image (tiny unless said otherwise), 16 forced output tokens. */
const WORKLOAD = ['--concurrency', '4', '--request-count', '24', '--images-per-request', '1', '--images-pool', '4',
  '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '16'];
const TINY_IMAGES = ['--image-size', '64', '64'];

interface Outcome {
  summary: { request_count: { avg: number }; error_request_count?: { avg: number }; error_summary: { error_details: { code?: number; type: string }; count: number }[] };
  records: { error?: { type: string; code?: number }; metrics: Record<string, { value: number }> }[];
}

async function profileWith(options: Partial<SimOptions>, extra: string[] = [], images = TINY_IMAGES): Promise<Outcome> {
  const sim = await startSim({ port: 0, speed: 20, seed: 3, ...options });
  try {
    const dir = join(setup.work, `${Object.keys(options).join('-') || 'calm'}-${images.join('')}`);
    const result = await runCli(['-u', sim.url, ...WORKLOAD, ...images, ...extra, '--artifact-dir', dir]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    const records = readJsonLines(join(dir, 'records.jsonl'));
    // Nothing lost: every issued request is a record, and each is a success or a typed failure.
    expect(records).toHaveLength(24);
    const failed = records.filter((r: Outcome['records'][number]) => r.error !== undefined).length;
    expect(summary.request_count.avg + (summary.error_request_count?.avg ?? 0)).toBe(24);
    expect(summary.error_request_count?.avg ?? 0).toBe(failed);
    return { summary, records };
  } finally {
    await sim.close();
  }
}

const typesOf = (o: Outcome) => new Set(o.records.filter((r) => r.error).map((r) => `${r.error!.type}:${r.error!.code ?? ''}`));

describe('mmload against mmload sim faults', () => {
  it('--reject-rate: 429s are http_error failures, never successes', async () => {
    const o = await profileWith({ rejectRate: 0.4 });
    expect([...typesOf(o)]).toEqual(['http_error:429']);
  });

  it('--fail-rate: 500 and 503 with the server message', async () => {
    const o = await profileWith({ failRate: 0.5 });
    expect(typesOf(o)).toEqual(new Set(['http_error:500', 'http_error:503']));
    expect(o.summary.error_summary.reduce((n, e) => n + e.count, 0)).toBe(o.records.filter((r) => r.error).length);
  });

  it('--reset-rate: connections dropped mid-stream are stream_reset', async () => {
    const o = await profileWith({ resetRate: 0.4 });
    expect([...typesOf(o)]).toEqual(['stream_reset:']);
  });

  it('--malformed-rate: a broken SSE event is malformed_sse', async () => {
    const o = await profileWith({ malformedRate: 0.4 });
    expect([...typesOf(o)]).toEqual(['malformed_sse:']);
  });

  it('--stall-rate past the request timeout: the stalled requests time out, the others succeed', async () => {
    const o = await profileWith({ stallRate: 0.3, stallMs: 60_000 }, ['--request-timeout-seconds', '1']);
    expect([...typesOf(o)]).toEqual(['timeout:']);
    expect(o.summary.request_count.avg).toBeGreaterThan(0);
  });

  it('--slow-read: every request succeeds, and TTFT carries the slowly read body', async () => {
    // The server pauses SLOW_READ_PAUSE_MS after every body chunk it reads, so it starts each request that much later.
    // (On loopback the kernel's socket buffers take whole bodies at once, so the client's upload stamp does not move.)
    const noise = ['--image-size', '256', '256', '--image-style', 'noise'];
    const calm = await profileWith({ speed: 1 }, [], noise);
    const slow = await profileWith({ slowRead: true, speed: 1 }, [], noise);
    expect(typesOf(slow).size).toBe(0);
    const medianTtft = (o: Outcome) => o.records.map((r) => r.metrics!.time_to_first_token!.value).sort((a, b) => a - b)[12]!;
    expect(medianTtft(slow)).toBeGreaterThan(medianTtft(calm) + SLOW_READ_PAUSE_MS);
  }, 60_000);
});
