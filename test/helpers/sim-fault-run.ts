// Runs mmload profile against a fresh `mmload sim` with faults on, and checks that no request was lost.
import { join } from 'node:path';
import { expect } from 'vitest';
import { startSim } from '../../src/sim/sim-server.js';
import type { SimOptions } from '../../src/sim/sim-options.js';
import { runCli } from './run-cli.js';
import { readJson, readJsonLines } from './read-json.js';

/** A small workload: 24 requests of text and one image (tiny unless said otherwise), 16 forced output tokens. */
const WORKLOAD = ['--concurrency', '4', '--request-count', '24', '--images-per-request', '1', '--images-pool', '4',
  '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '16'];
const TINY_IMAGES = ['--image-size', '64', '64'];

export interface FaultOutcome {
  summary: { request_count: { avg: number }; error_request_count?: { avg: number }; error_summary: { error_details: { code?: number; type: string }; count: number }[] };
  records: { error?: { type: string; code?: number }; metrics: Record<string, { value: number }> }[];
}

/** Profiles the small workload (with `extra` flags and `images`) against a sim with `options`, writing under `work`. */
export async function profileAgainstSim(work: string, options: Partial<SimOptions>, extra: string[] = [], images = TINY_IMAGES): Promise<FaultOutcome> {
  const sim = await startSim({ port: 0, speed: 20, seed: 3, ...options });
  try {
    const dir = join(work, `${Object.keys(options).join('-') || 'calm'}-${images.join('')}`);
    const result = await runCli(['-u', sim.url, ...WORKLOAD, ...images, ...extra, '--artifact-dir', dir]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    const records = readJsonLines(join(dir, 'records.jsonl'));
    // Nothing lost: every issued request is a record, and each is a success or a typed failure.
    expect(records).toHaveLength(24);
    const failed = records.filter((r: FaultOutcome['records'][number]) => r.error !== undefined).length;
    expect(summary.request_count.avg + (summary.error_request_count?.avg ?? 0)).toBe(24);
    expect(summary.error_request_count?.avg ?? 0).toBe(failed);
    return { summary, records };
  } finally {
    await sim.close();
  }
}

/** The failed records' `type:code` pairs. */
export const errorTypesOf = (o: FaultOutcome) => new Set(o.records.filter((r) => r.error).map((r) => `${r.error!.type}:${r.error!.code ?? ''}`));
