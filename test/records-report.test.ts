// mmload report on a finished run: the same figures to the microsecond, aiperf's files in its formats, and what it cannot rebuild from.
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAiperfJson, checkAiperfJsonl } from './helpers/aiperf-schema.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson } from './helpers/read-json.js';

/** Text only and small: the runs are about records, not payloads. */
const WORKLOAD = ['--images-per-request', '0', '--user-text-tokens', '16', '--output-tokens', '8', '--concurrency', '8', '-q'];

const setup = useScratch('mmload-report-', { model: 'm', ttftMs: 5, itlMs: 1 });


describe('mmload report on a finished run', () => {
  it('rebuilds a finished run\'s figures from its records, to the microsecond', async () => {
    const dir = join(setup.work, 'finished');
    const run = await runCli([...WORKLOAD, '--url', `127.0.0.1:${setup.server.port}`, '--request-count', '120', '--artifact-dir', dir]);
    expect(run.code).toBe(0);
    const original = readJson(join(dir, 'summary.json'));
    const copy = join(setup.work, 'copy');
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, 'summary.json'));
    expect((await runCli(['report', copy])).code).toBe(0);
    const rebuilt = readJson(join(copy, 'summary.json'));
    expect(rebuilt.mmload.counts).toEqual(original.mmload.counts);
    expect(rebuilt.was_cancelled).toBe(true); // it left no summary.json, as far as the rebuild can tell
    for (const tag of ['time_to_first_token', 'request_latency', 'inter_token_latency', 'output_sequence_length', 'input_sequence_length']) {
      for (const key of ['avg', 'min', 'max', 'p50', 'p99']) expect(Math.abs(rebuilt[tag][key] - original[tag][key]), `${tag}.${key}`).toBeLessThan(0.01);
    }
    expect(rebuilt.request_throughput.avg).toBeCloseTo(original.request_throughput.avg, 1);
    expect(rebuilt.total_osl.avg).toBe(original.total_osl.avg);
    // Rebuilding a finished run in place keeps its own verdict on itself.
    expect((await runCli(['report', dir])).code).toBe(0);
    expect(readJson(join(dir, 'summary.json')).was_cancelled).toBe(false);
  });

  it('rebuilds aiperf\'s files too for a --compat aiperf run, in aiperf\'s exact formats', async () => {
    const dir = join(setup.work, 'aiperf');
    const run = await runCli(['profile', '--url', `127.0.0.1:${setup.server.port}`, '-m', 'm', '--concurrency', '4', '--request-count', '24',
      '--synthetic-input-tokens-mean', '16', '--output-tokens-mean', '8', '-q', '--artifact-dir', dir]);
    expect(run.code).toBe(0);
    const aiperfFiles = ['profile_export.jsonl', 'profile_export_aiperf.csv', 'profile_export_aiperf.json'];
    const before = aiperfFiles.map((name) => readFileSync(join(dir, name), 'utf8'));
    for (const name of [...aiperfFiles, 'summary.json']) rmSync(join(dir, name));
    expect((await runCli(['report', dir])).code).toBe(0);
    // The per-request file is made from records.jsonl either way: byte for byte the same.
    expect(readFileSync(join(dir, 'profile_export.jsonl'), 'utf8')).toBe(before[0]);
    expect(checkAiperfJsonl(readFileSync(join(dir, 'profile_export.jsonl'), 'utf8'))).toEqual([]);
    const json = readJson(join(dir, 'profile_export_aiperf.json'));
    expect(checkAiperfJson(json)).toEqual([]);
    expect(json.request_count.avg).toBe(JSON.parse(before[2]!).request_count.avg);
  });

  it('explains what it cannot rebuild from', async () => {
    const empty = join(setup.work, 'empty');
    cpSync(join(setup.work, 'finished'), empty, { recursive: true });
    rmSync(join(empty, 'run.json'));
    const noRun = await runCli(['report', empty]);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toMatch(/holds no run\.json: not the results directory of an mmload run/);
    const summaryOnly = join(setup.work, 'summary-only');
    const run = await runCli([...WORKLOAD, '--url', `127.0.0.1:${setup.server.port}`, '--request-count', '16', '--export-level', 'summary', '--artifact-dir', summaryOnly]);
    expect(run.code).toBe(0);
    expect(existsSync(join(summaryOnly, 'records.jsonl'))).toBe(false);
    expect(statSync(join(summaryOnly, 'summary.json')).size).toBeGreaterThan(0);
    const refused = await runCli(['report', summaryOnly]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--export-level summary/);
  });
});
