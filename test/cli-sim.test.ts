// End to end: `mmload profile --sim` starts the simulator in a child process, profiles it, labels and stops it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';
import { readJson, readJsonLines } from './helpers/read-json.js';

const setup = useScratch('mmload-cli-sim-');

describe('mmload profile --sim', () => {
  it('profiles the simulator, whose prompt tokens equal the expected ISL of every request, and labels the results', async () => {
    // aiperf's input_sequence_length counts the text parts with the client tokenizer (120 + 40, joined by a space);
    // the server's usage.prompt_tokens, with the template and image tokens, is usage_prompt_tokens.
    const dir = join(setup.work, 'run');
    const result = await runCli(['profile', '--sim', '--sim-speed', '50', '--concurrency', '4', '--request-count', '12',
      '--images-per-request', '2', '--images-pool', '5', '--image-size', '640', '480', '--user-text-tokens', '40',
      '--shared-system-prompt-length', '120', '--output-tokens', '8', '--warmup-request-count', '2', '--artifact-dir', dir], { cwd: setup.work });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SIMULATED server \(mmload sim, speed 50×/);
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.mmload.simulated).toMatchObject({ speed: 50, embedding_cache_gb: 10, prefix_caching: true });
    expect(summary.request_count.avg).toBe(12);
    const records = readJsonLines(join(dir, 'records.jsonl'));
    const expected = 13 + 120 + 40 + 2 * (300 + 2); // 640×480 → 300 tokens each
    for (const r of records) {
      expect(r.metrics.expected_input_sequence_length.value).toBe(expected);
      expect(r.metrics.input_sequence_length.value).toBe(120 + 40);
      expect(r.metrics.usage_prompt_tokens.value).toBe(expected);
      expect(r.metrics.output_sequence_length.value).toBe(8);
    }
  });

  it('reports the image hit rate the server saw beside the planned one (cache-ab shape, large cache)', async () => {
    const dir = join(setup.work, 'cache');
    const result = await runCli(['profile', '--sim', '--sim-speed', '20', '--preset', 'cache-ab', '--request-count', '250',
      '--images-pool', '50', '--image-size', '64', '64', '--user-text-tokens', '40', '--output-tokens', '8', '--concurrency', '16',
      '--artifact-dir', dir], { cwd: setup.work });
    expect(result.code).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    const planned = summary.mmload.workload.planned_hit_rate;
    expect(planned).toBeCloseTo(0.8, 10);
    const server = summary.mmload.server_metrics;
    expect(server.available).toBe(true);
    expect(server.mm_cache.queries).toBe(250); // warm-up images were looked up before the first scrape
    expect(Math.abs(server.mm_cache.hit_rate - planned)).toBeLessThanOrEqual(0.02);
    expect(result.stdout).toMatch(/Server image cache: 80\.0% hit rate/);
    // Every family the simulator writes, in aiperf's files (JSON and CSV by default), named in the console's server section.
    expect(result.stdout).toMatch(/^Server metrics: vLLM \(11 families\); 1 endpoint, \d+ scrapes every 0\.333 s$/m);
    const exported = readJson(join(dir, 'server_metrics_export.json'));
    expect(exported.metrics['vllm:mm_cache_queries'].series[0].stats.total).toBe(250);
    expect(existsSync(join(dir, 'server_metrics_export.csv'))).toBe(true);
    expect(existsSync(join(dir, 'server_metrics_export.jsonl'))).toBe(false);
  });

  it('refuses --sim together with --url', async () => {
    const result = await runCli(['profile', '--sim', '--url', 'localhost:9'], { cwd: setup.work });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give --sim or --url, not both/);
  });
});
